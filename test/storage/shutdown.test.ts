// The real server process stopped under load, and started on a port that is taken. SIGTERM
// while 8 kept-alive clients post /api/ask back to back (a 1 s drain, SHUTDOWN_DRAIN_MS, then
// the listener closes): every request the server received
// is answered (200), none is reset or refused with a 503; clients see Connection: close and
// stop; the process exits 0. A port in use prints one clear line and exits 1, no stack trace.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/knowledge/paths.js';
import { startBotProcess } from '../../tools/harness/botProcess.js';
import { compiled } from '../../tools/harness/compiled.js';
import { fastRun } from '../helpers/services.js';

const CLIENTS = 8;

describe.skipIf(fastRun)('the server process', () => {
  it(`SIGTERM under load (${CLIENTS} kept-alive clients): every received request answered, none reset; exit 0`, async () => {
    const bot = await startBotProcess({
      STORAGE: 'memory',
      RATE_LIMIT_PER_IP_PER_MIN: '0',
      RATE_LIMIT_PER_USER_PER_MIN: '0',
    });
    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    let answered = 0;
    let signalled = false;
    const client = async (n: number) => {
      for (let i = 0; i < 2000; i += 1) {
        try {
          const res = await fetch(`${bot.base}/api/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ user: `load-${n}`, text: '江门 台山 咨询电话' }),
          });
          await res.arrayBuffer();
          count(String(res.status));
          answered += 1;
          if (answered === 200 && !signalled) {
            signalled = true;
            bot.kill('SIGTERM');
          }
          // The server said it is going: a client moves on (to another instance).
          if (res.headers.get('connection') === 'close') return;
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause;
          count(cause?.code ?? 'error');
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    const exit = await bot.exited;
    console.log(`SIGTERM under load: ${JSON.stringify(Object.fromEntries(outcomes))}, exit ${exit.code}`);
    expect(signalled).toBe(true);
    expect(exit).toEqual({ code: 0, signal: null });
    // Answered in full, or (a client opening a new connection after the listener closed)
    // refused before anything was sent: never a reset, a half answer or a 503.
    expect([...outcomes.keys()].filter((k) => k !== '200' && k !== 'ECONNREFUSED')).toEqual([]);
    expect(outcomes.get('200') ?? 0).toBeGreaterThanOrEqual(200 + CLIENTS - 1);
  });

  it('a port already in use: one clear line, no stack trace, exit 1', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, [compiled('src/main.ts')], {
        cwd: projectRoot,
        env: { ...process.env, STORAGE: 'memory', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
      });
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString('utf8');
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines).toEqual([
        `端口 ${port} 已被占用，服务未启动：请停止占用它的程序或设置另一个 PORT / port ${port} on 127.0.0.1 is already in use: stop the other program or set another PORT`,
      ]);
      expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at /);
    } finally {
      holder.close();
    }
  });
});
