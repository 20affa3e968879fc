// The real server (the compiled dist/src/main.js, as `npm start` runs it) in a child process
// on a free loopback port, for restart, scale-out and shutdown tests and benchmarks.
import { type ChildProcess, spawn } from 'node:child_process';
import { projectRoot } from '../../src/knowledge/paths.js';
import { compiled } from './compiled.js';

export interface BotProcess {
  base: string;
  pid: number;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Start the server with these settings (PORT=0: it prints the port it got) and wait until it
 * listens. LOG_LEVEL must stay info or lower (the start-up line is at info).
 */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 60000): Promise<BotProcess> {
  const child: ChildProcess = spawn(process.execPath, [compiled('src/main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /\(listening\) (http:\/\/[^\s"]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    base,
    pid: child.pid as number,
    output: () => out,
    exited,
    kill: (signal = 'SIGTERM') => {
      child.kill(signal);
    },
  };
}
