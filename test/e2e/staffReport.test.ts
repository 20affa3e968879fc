// The curators' report page in a real Chromium: the charts are drawn by Chart.js (served from
// this server) with the numbers of the turn log, the unanswered questions are listed with
// counts and their nearest entry, and "试一试" opens the question in /staff with its results.
// No CSP violation. Saves docs/report.png (when missing, or always with STAFF_SCREENSHOT=1).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/knowledge/paths.js';
import { createServer } from '../../src/server.js';
import { MemoryTurnLog } from '../../src/storage/turnLog/turnLog.js';
import { askHttp } from '../helpers/askHttp.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { listenOnLoopback } from '../helpers/http.js';

const NOW = new Date('2026-11-25T04:00:00Z');
const SCREENSHOT = join(projectRoot, 'docs', 'report.png');
const enabled = chromiumAvailable();
const OUTCOME_INTENTS = {
  answered: 'nat-how-to-file',
  didYouMean: 'clarify',
  outOfScope: 'fallback:contribution',
  fallback: 'fallback',
};
/** Turns per outcome on 2026-11-19 … 11-24. */
const EARLIER = [
  { answered: 9, didYouMean: 2, outOfScope: 1, fallback: 3 },
  { answered: 12, didYouMean: 1, outOfScope: 0, fallback: 2 },
  { answered: 7, didYouMean: 3, outOfScope: 1, fallback: 4 },
  { answered: 14, didYouMean: 2, outOfScope: 2, fallback: 1 },
  { answered: 10, didYouMean: 1, outOfScope: 0, fallback: 2 },
  { answered: 4, didYouMean: 0, outOfScope: 1, fallback: 1 },
];

describe.skipIf(!enabled)('the /staff/report page in Chromium', () => {
  let server: FastifyInstance;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const store = new MemoryTurnLog();
    // The six days before: turns as the server logged them (answered, did-you-mean, out of
    // scope, unanswered), so the charts have a week to show.
    for (const [day, counts] of EARLIER.entries())
      for (const [outcome, n] of Object.entries(counts))
        for (let i = 0; i < n; i++)
          await store.append({
            at: Date.UTC(2026, 10, 19 + day, 2, i),
            channel: 'webchat',
            userHash: `earlier${day}-${i}`,
            conversationHash: `earlier${day}-${i}`,
            intent: OUTCOME_INTENTS[outcome as keyof typeof OUTCOME_INTENTS],
            confidence: outcome === 'answered' ? 0.9 : 0.2,
            fallback: outcome === 'outOfScope' || outcome === 'fallback',
            latencyMs: 4,
            question: outcome === 'fallback' ? '社保卡丢了怎么补办' : '异地就医怎么备案',
          });
    const assistant = createMemoryApp({
      clock: () => NOW,
      turnLog: { store, salt: 'e2e-report-salt', now: () => NOW.getTime() },
    });
    server = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test' }));
    base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
    const questions = [
      '护照过期了怎么换',
      '护照过期了怎么换呢',
      '护照过期了去哪换',
      '异地就医怎么备案',
      '江门 台山 咨询电话',
      '医保缴费标准是多少',
    ];
    for (const [i, q] of questions.entries()) expect((await askHttp(base, `user${i}`, q)).status).toBe(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('charts and the unanswered table from the turn log; 试一试 opens the question in /staff', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(`${base}/staff/report?since=2026-11-19&until=2026-11-25`);
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15000 });

    // The charts hold the turn log's numbers: the earlier days', and the 6 questions of the 25th.
    const questions = await page.evaluate<number[]>(
      `(() => {
        const chart = window.Chart.getChart('chart-questions');
        return chart.data.labels.map((_, i) => chart.data.datasets.reduce((n, d) => n + d.data[i], 0));
      })()`,
    );
    expect(questions).toEqual([15, 15, 15, 19, 13, 6, 6]);
    const fallbackRates = await page.evaluate<number[]>(
      `window.Chart.getChart('chart-rates').data.datasets[2].data`,
    );
    expect(fallbackRates).toEqual([20, 13.3, 26.7, 5.3, 15.4, 16.7, 50]);
    const labels = await page.evaluate<string[]>(
      `window.Chart.getChart('chart-questions').data.datasets.map((d) => d.label)`,
    );
    expect(labels).toEqual(['已回答', '您是想问', '超出范围', '未能回答']);
    expect(await page.evaluate(`window.Chart.getChart('chart-rates').data.datasets.length`)).toBe(3);
    expect(await page.evaluate(`window.Chart.getChart('chart-feedback').data.datasets[0].data.length`)).toBe(
      7,
    );
    // Something was drawn on the canvas (not a blank one).
    const inked = await page.evaluate<number>(
      `(() => {
        const c = document.getElementById('chart-questions');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
      })()`,
    );
    expect(inked).toBeGreaterThan(1000);

    // The three wordings of one question are one row; the out-of-scope question is not listed.
    const passport = page.locator('#unanswered tr').filter({ hasText: '护照过期了' });
    expect(await passport.count()).toBe(1);
    expect(await passport.locator('td').first().textContent()).toBe('3');
    const first = page.locator('#unanswered tr').first();
    expect(await first.locator('td').first().textContent()).toBe('13'); // 社保卡丢了怎么补办
    expect(await page.locator('#unanswered').textContent()).not.toContain('缴费标准');
    expect(await page.locator('#sum-oos').textContent()).toBe('6');

    if (process.env.STAFF_SCREENSHOT === '1' || !existsSync(SCREENSHOT)) {
      mkdirSync(join(projectRoot, 'docs'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }

    const asked = (await first.locator('td').nth(2).locator('.question').textContent()) ?? '';
    await first.getByRole('link', { name: '试一试' }).click();
    await page.waitForURL(/\/staff\?q=/);
    expect(await page.locator('#q').inputValue()).toBe(asked);
    await page
      .locator('#status')
      .filter({ hasText: /共 \d+ 条|没有找到/ })
      .waitFor({ timeout: 15000 });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a 375 px phone: charts one above the other, no sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/staff/report?since=2026-11-19&until=2026-11-25`);
    await page.locator('body[data-loaded="true"]').waitFor({ timeout: 15000 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const boxes = await Promise.all(
      ['chart-questions', 'chart-rates', 'chart-feedback'].map((id) => page.locator(`#${id}`).boundingBox()),
    );
    for (let i = 1; i < boxes.length; i++)
      expect((boxes[i]?.y ?? 0) >= (boxes[i - 1]?.y ?? 0) + (boxes[i - 1]?.height ?? 0)).toBe(true);
    await context.close();
  });
});
