// A server under load runs in its own process (so the load generator's CPU does not share
// its event loop): start it on a free loopback port, wait until it answers, read its
// resident memory from /proc, stop it.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from './freePort.js';

export interface ChildServer {
  base: string;
  pid: number;
  /** Resident set size of the child in KB (VmRSS), if /proc is readable. */
  rssKb(): number | undefined;
  /** The child's log lines at level error or fatal (pino JSON, level ≥ 50). */
  errorLines(): string[];
  stop(): Promise<void>;
}

export function vmRssKb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start `node <script>` with PORT/HOST set (loopback only) and wait for GET readyPath to answer 200. */
export async function startChildServer(
  script: string,
  env: Record<string, string> = {},
  readyPath = '/healthz',
): Promise<ChildServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  let tail = '';
  const collect = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-20000);
    for (const line of chunk.toString('utf8').split('\n')) {
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (level && Number(level) >= 50) errors.push(line.slice(0, 500));
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  child.on('exit', (code) => {
    exited = code;
  });
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (exited !== undefined) throw new Error(`${script} exited with ${exited} before answering:\n${tail}`);
    try {
      const res = await fetch(`${base}${readyPath}`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60000) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not answer ${readyPath} within 60 s:\n${tail}`);
    }
    await sleep(100);
  }
  const pid = child.pid as number;
  return {
    base,
    pid,
    rssKb: () => vmRssKb(pid),
    errorLines: () => [...errors],
    stop: async () => {
      if (exited !== undefined) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    },
  };
}
