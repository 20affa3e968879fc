// The /staff page in a real Chromium: type, ↓, Enter → "已复制", Esc; related links; the
// phone layout; the login form. Also saves docs/staff.png for the README (when missing,
// or always with STAFF_SCREENSHOT=1).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/knowledge/paths.js';
import { createServer } from '../../src/server.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { listenOnLoopback } from '../helpers/http.js';

const TOKEN = 'e2e-staff-token-0123456789';
const SCREENSHOT = join(projectRoot, 'docs', 'staff.png');

const enabled = chromiumAvailable();

describe.skipIf(!enabled)('the /staff page in Chromium', () => {
  let assistant: App;
  let open: FastifyInstance;
  let locked: FastifyInstance;
  let openBase: string;
  let lockedBase: string;
  let browser: Browser;

  async function start(env: Record<string, string>): Promise<[FastifyInstance, string]> {
    const app = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }));
    const port = await listenOnLoopback(app);
    return [app, `http://127.0.0.1:${port}`];
  }

  beforeAll(async () => {
    assistant = createMemoryApp();
    [open, openBase] = await start({});
    [locked, lockedBase] = await start({ STAFF_TOKEN: TOKEN });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await open?.close();
    await locked?.close();
  });

  async function newPage(
    width: number,
    height: number,
    options: { clipboard?: boolean } = {},
  ): Promise<[BrowserContext, Page]> {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
    if (options.clipboard !== false)
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: openBase });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // A CSP violation is reported on the console: the page must not cause any.
      if (m.type() === 'error') problems.push(m.text());
    });
    (page as Page & { problems: string[] }).problems = problems;
    return [context, page];
  }

  // Page code is passed as strings: the project compiles without the DOM library.
  const focused = (page: Page) =>
    page.evaluate<string | undefined>('document.activeElement ? document.activeElement.id : undefined');
  const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;
  const selectedText = async (page: Page) =>
    (await page.locator('#results li[aria-selected="true"]').textContent()) ?? '';

  it('type → results; ↓ moves; Enter copies the answer and shows 已复制; Esc clears', async () => {
    const [context, page] = await newPage(1280, 860);
    try {
      await page.goto(`${openBase}/staff`);
      // Focus starts in the search box: the agent just types.
      expect(await focused(page)).toBe('q');
      await page.keyboard.type('江门 新会 电话', { delay: 30 });
      await page.locator('#results li').first().waitFor();
      await page.waitForFunction("document.querySelector('#status').textContent.startsWith('共')");
      // Results of a prefix typed on the way (江门 新会 电) may show first; the last query's win.
      await page.waitForFunction(
        "(document.querySelector('#results li[aria-selected=\"true\"]')?.textContent ?? '').includes('新会区')",
      );
      expect(await selectedText(page)).toContain('新会区');
      expect(await page.locator('#results li').first().innerHTML()).toContain('<mark>新会区</mark>');
      // The detail pane: answer, source quote with date and region, related entries.
      const answer = await page.locator('#detail-answer').textContent();
      expect(answer).toContain('新会区：备案电话 6102028，咨询电话 6616737');
      const sources = await page.locator('#detail-sources').textContent();
      expect(sources).toContain('2024-10-31');
      expect(sources).toContain('江门市');
      expect(sources).toContain('原文：“江门市异地就医直接备案联系电话”');
      expect(await page.locator('#detail-region').textContent()).toContain('江门市新会区');
      expect(await page.locator('#detail-related button').count()).toBeGreaterThan(0);

      await page.keyboard.press('ArrowDown');
      const second = await selectedText(page);
      expect(await page.locator('#results li').nth(1).getAttribute('aria-selected')).toBe('true');
      const secondAnswer = await page.locator('#detail-answer').textContent();
      expect(secondAnswer).not.toBe(answer);
      expect(await focused(page)).toBe('q');

      if (process.env.STAFF_SCREENSHOT === '1' || !existsSync(SCREENSHOT)) {
        mkdirSync(join(projectRoot, 'docs'), { recursive: true });
        await page.screenshot({ path: SCREENSHOT });
      }

      await page.keyboard.press('Enter');
      await page.locator('#toast:not([hidden])').waitFor();
      expect(await page.locator('#toast').textContent()).toBe('已复制');
      const copied = await page.evaluate<string>('navigator.clipboard.readText()');
      expect(copied).toBe(secondAnswer);
      expect(second.length).toBeGreaterThan(0);

      await page.keyboard.press('ArrowUp');
      expect(await selectedText(page)).toContain('新会区');

      await page.keyboard.press('Escape');
      expect(await page.inputValue('#q')).toBe('');
      expect(await page.locator('#results li').count()).toBe(0);
      expect(await page.locator('#detail').isHidden()).toBe(true);
      expect(await focused(page)).toBe('q');
      expect(problemsOf(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a related entry is clickable: it becomes the query and is selected', async () => {
    const [context, page] = await newPage(1280, 860);
    try {
      await page.goto(`${openBase}/staff`);
      await page.keyboard.type('粤医保 查询', { delay: 30 });
      await page.locator('#detail-related button').first().waitFor();
      const related = page.locator('#detail-related button').first();
      const question = await related.textContent();
      await related.click();
      await page.waitForFunction(
        `document.querySelector('#detail-question').textContent === ${JSON.stringify(question)}`,
      );
      expect(await page.inputValue('#q')).toBe(question);
      expect(await focused(page)).toBe('q');
    } finally {
      await context.close();
    }
  });

  it('Enter copies through the fallback when the Clipboard API is missing', async () => {
    const [context, page] = await newPage(1280, 860, { clipboard: false });
    try {
      await page.addInitScript(
        "Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });",
      );
      await page.goto(`${openBase}/staff`);
      await page.keyboard.type('侨都之窗', { delay: 30 });
      await page.locator('#results li').first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('#toast:not([hidden])').waitFor();
      expect(await page.locator('#toast').textContent()).toBe('已复制');
      expect(await page.inputValue('#copy-buffer')).toBe(await page.locator('#detail-answer').textContent());
    } finally {
      await context.close();
    }
  });

  it('works at 375 px: no sideways scrolling, the chosen answer above the results', async () => {
    const [context, page] = await newPage(375, 740);
    try {
      await page.goto(`${openBase}/staff`);
      await page.keyboard.type('异地就医备案 材料', { delay: 30 });
      await page.locator('#results li').first().waitFor();
      const layout = await page.evaluate<{
        scrollWidth: number;
        listRight: number;
        detailRight: number;
        detailBottom: number;
        listTop: number;
      }>(`(() => {
        const list = document.querySelector('.list-pane').getBoundingClientRect();
        const detail = document.querySelector('#detail').getBoundingClientRect();
        return {
          scrollWidth: document.documentElement.scrollWidth,
          listRight: list.right,
          detailRight: detail.right,
          detailBottom: detail.bottom,
          listTop: list.top,
        };
      })()`);
      expect(layout.scrollWidth).toBeLessThanOrEqual(375);
      expect(layout.listRight).toBeLessThanOrEqual(375);
      expect(layout.detailRight).toBeLessThanOrEqual(375);
      expect(layout.listTop).toBeGreaterThanOrEqual(layout.detailBottom);
      // A tap selects a result (no keyboard on a phone) and the copy button copies it.
      await page.locator('#results li').nth(1).click();
      expect(await page.locator('#results li').nth(1).getAttribute('aria-selected')).toBe('true');
      await page.locator('#copy').click();
      await page.locator('#toast:not([hidden])').waitFor();
      expect(await page.locator('#toast').textContent()).toBe('已复制');
    } finally {
      await context.close();
    }
  });

  it('with STAFF_TOKEN: the login form, a wrong token, then the page', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
    try {
      const page = await context.newPage();
      const first = await page.goto(`${lockedBase}/staff`);
      expect(first?.status()).toBe(401);
      expect(await page.locator('label[for="token"]').textContent()).toBe('请输入查询口令');
      await page.fill('#token', 'wrong-token-wrong-token');
      await page.click('button[type="submit"]');
      await page.locator('[data-login-error]:not([hidden])').waitFor();
      expect(await page.locator('[data-login-error]').textContent()).toBe('口令不正确，请重新输入。');
      await page.fill('#token', TOKEN);
      await Promise.all([page.waitForURL(`${lockedBase}/staff`), page.click('button[type="submit"]')]);
      await page.locator('#q').waitFor();
      await page.keyboard.type('台山 咨询电话', { delay: 30 });
      await page.locator('#results li').first().waitFor();
      expect(await page.locator('#detail-answer').textContent()).toContain('5613915');
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'yidi_staff')).toMatchObject({
        httpOnly: true,
        sameSite: 'Strict',
      });
    } finally {
      await context.close();
    }
  });
});
