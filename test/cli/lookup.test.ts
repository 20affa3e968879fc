// npm run lookup, run as a staff member would: a real child process (the compiled command).
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/knowledge/paths.js';
import { compiled } from '../../tools/harness/compiled.js';
import { fastRun } from '../helpers/services.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function lookup(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [compiled('src/cli/lookup.ts'), ...args],
      { cwd: projectRoot, encoding: 'utf8', timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe.skipIf(fastRun)('npm run lookup', () => {
  it('江门 新会 电话 prints the Xinhui phone row first, in readable Chinese', {
    timeout: 120_000,
  }, async () => {
    const r = await lookup('江门', '新会', '电话');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^查询「江门 新会 电话」：找到 \d+ 条$/);
    expect(r.stdout).toContain('1. [电话] 新会区 · 江门市异地就医直接备案联系电话');
    expect(r.stdout).toContain('   新会区：备案电话 6102028，咨询电话 6616737');
    expect(r.stdout).toContain('   服务时间：工作日 上午8:30–12:00，下午14:30–17:30');
    expect(r.stdout).toContain(
      '原文（《快收好!医保异地就医备案指南来了!》2024-10-31）：“江门市异地就医直接备案联系电话”',
    );
    expect(r.stdout).toMatch(/相关：江门各参保地的异地就医备案电话和咨询电话是多少？（jm-phones）/);
    // Not a terminal: no colour codes.
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--region and --limit filter and cap; --json prints the API body', { timeout: 120_000 }, async () => {
    const r = await lookup('粤医保', '查询', '--region', '广东', '--limit', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout) as {
      region: { id: string };
      total: number;
      results: Array<{ id: string; kind: string; answer: string }>;
    };
    expect(body.region.id).toBe('guangdong');
    expect(body.total).toBe(2);
    const ids = body.results.map((x) => x.id);
    expect(ids).toContain('channel-yue-yibao');
    expect(body.results.find((x) => x.kind === 'channel')?.answer).toContain('备案信息查询');
  });

  it.for<[string[], string]>([
    [['备案', '--region', '火星'], '不认识的地区'],
    [['备案', '--limit', '0'], '参数 limit'],
    [[], '不能为空'],
    [['备案', '--colour'], '参数有误'],
  ])(
    '%j → exit 2 with a bilingual message and the usage',
    { timeout: 120_000 },
    async ([args, message], { expect }) => {
      const r = await lookup(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain('用法 usage: npm run lookup -- 关键词');
    },
  );
});
