// The Web Chat page in a real Chromium at a phone's width (375 px, as in WeChat's browser):
// the welcome, a typed question answered with its source line, the suggested questions as
// buttons, a click on one and its answer — no CSP violation, no sideways scrolling. Also the
// embed snippet on another site. Saves test/artifacts/webchat.png, and docs/webchat.png for
// the README when it is missing (or always with WEBCHAT_SCREENSHOT=1).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/knowledge/paths.js';
import { createServer } from '../../src/server.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { listenOnLoopback } from '../helpers/http.js';
import { DIALOG_NOW } from '../helpers/transcript.js';

const ARTIFACT = join(projectRoot, 'test', 'artifacts', 'webchat.png');
const README_SHOT = join(projectRoot, 'docs', 'webchat.png');
const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.47';
const WELCOME = '您好！我是异地就医备案助手';

const enabled = chromiumAvailable();

describe.skipIf(!enabled)('the Web Chat page in Chromium at 375 px', () => {
  let app: FastifyInstance;
  let base: string;
  let host: Server;
  let hostBase: string;
  let browser: Browser;

  beforeAll(async () => {
    // Another site (another origin) that embeds the chat with /embed.js.
    host = createHttpServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>某市医保局</title></head><body><h1>某市医疗保障局</h1><script src="${base}/embed.js" defer></script></body></html>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const hostAddress = host.address();
    if (!hostAddress || typeof hostAddress === 'string') throw new Error('no TCP address');
    hostBase = `http://127.0.0.1:${hostAddress.port}`;

    const assistant = createMemoryApp({ clock: () => DIALOG_NOW });
    app = createServer(
      assistant,
      loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', WEBCHAT_FRAME_ANCESTORS: `'self' ${hostBase}` }),
    );
    const port = await listenOnLoopback(app);
    base = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => host?.close(resolve));
  });

  /** A phone-sized page; problems collects page errors and console errors (CSP violations). */
  async function phonePage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      userAgent: WECHAT_UA,
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    return { page, problems };
  }

  const botBubbles = (page: Page) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)');

  it('welcome, a typed question, its answer with the source, a suggested question clicked and answered', async () => {
    const { page, problems } = await phonePage();
    const started = Date.now();
    await page.goto(`${base}/`, { waitUntil: 'load' });
    const loaded = Date.now() - started;
    expect(await page.locator('h1').textContent()).toBe('异地就医备案助手');
    await page.getByText(WELCOME).first().waitFor({ timeout: 30000 });
    const welcomed = Date.now() - started;
    // The welcome's suggested questions are buttons.
    await page.getByRole('button', { name: '异地就医备案怎么办？' }).first().waitFor();

    const input = page.getByRole('textbox');
    await input.fill('江门 台山 咨询电话');
    const asked = Date.now();
    await input.press('Enter');
    const answer = botBubbles(page).filter({ hasText: '台山市：备案电话 5513895' });
    await answer.waitFor({ timeout: 15000 });
    const firstAnswer = Date.now() - asked;
    expect(await answer.textContent()).toContain('来源：《快收好!医保异地就医备案指南来了!》');

    // The answer's follow-up questions, as buttons; the first is clicked.
    const suggestion = page.locator('.webchat__suggested-action').first();
    await suggestion.waitFor();
    const suggested = ((await suggestion.textContent()) ?? '').trim();
    expect(suggested).toMatch(/江门/);
    const answersBefore = await botBubbles(page).count();
    await suggestion.click();
    await page.locator('.webchat__bubble--from-user').filter({ hasText: suggested }).waitFor();
    await expect.poll(() => botBubbles(page).count(), { timeout: 15000 }).toBe(answersBefore + 1);
    expect(await botBubbles(page).last().textContent()).toContain('来源');

    // Fits the phone: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(problems).toEqual([]);

    await page.waitForTimeout(300); // the transcript's smooth scroll
    mkdirSync(join(projectRoot, 'test', 'artifacts'), { recursive: true });
    await page.screenshot({ path: ARTIFACT });
    if (!existsSync(README_SHOT) || process.env.WEBCHAT_SCREENSHOT === '1') {
      mkdirSync(join(projectRoot, 'docs'), { recursive: true });
      copyFileSync(ARTIFACT, README_SHOT);
    }
    console.info(
      `webchat timings: page load ${loaded} ms, welcome visible ${welcomed} ms, first answer ${firstAnswer} ms`,
    );
    expect(welcomed).toBeLessThan(30000);
    expect(firstAnswer).toBeLessThan(15000);
    await page.context().close();
  });

  it('a reload of the tab keeps the conversation without a second welcome', async () => {
    const { page, problems } = await phonePage();
    await page.goto(`${base}/`);
    await page.getByText(WELCOME).first().waitFor({ timeout: 30000 });
    await page.getByRole('textbox').fill('新会 备案电话');
    await page.getByRole('textbox').press('Enter');
    await botBubbles(page).filter({ hasText: '6102028' }).waitFor({ timeout: 15000 });
    await page.reload();
    await botBubbles(page).filter({ hasText: '6102028' }).waitFor({ timeout: 30000 });
    expect(await botBubbles(page).filter({ hasText: WELCOME }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('embedded on another site with /embed.js: a button opens the chat in a frame', async () => {
    const { page, problems } = await phonePage();
    await page.goto(`${hostBase}/`);
    const open = page.getByRole('button', { name: '异地就医备案咨询' });
    await open.click();
    const frame = page.frameLocator('iframe[title="异地就医备案助手"]');
    await frame.getByText(WELCOME).first().waitFor({ timeout: 30000 });
    // Embedded: the panel's title bar has the name; the disclaimer stays visible.
    expect(await frame.locator('header.bar h1').isVisible()).toBe(false);
    const disclaimer = frame.locator('header.bar p');
    expect(await disclaimer.textContent()).toMatch(/仅供参考.*请勿输入身份证号、手机号/);
    expect(await disclaimer.isVisible()).toBe(true);
    // The close button sits beside the text, never over it.
    const closeBox = await page.getByRole('button', { name: '关闭咨询窗口' }).boundingBox();
    const frameBox = await page.locator('iframe[title="异地就医备案助手"]').boundingBox();
    expect(closeBox && frameBox && closeBox.y + closeBox.height <= frameBox.y).toBe(true);
    await page.getByRole('button', { name: '关闭咨询窗口' }).click();
    await page.locator('iframe[title="异地就医备案助手"]').waitFor({ state: 'hidden' });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
