// The Web Chat page in a real Chromium across a server restart on default settings (no
// DIRECTLINE_SECRET: the signing key is the one kept in the state folder): the offline banner
// shows while the server is away, a message typed meanwhile is sent once it is back, the
// conversation is kept (also after a reload); phone numbers are tel: links; the page follows
// prefers-color-scheme: dark. Saves docs/webchat-desktop.png and docs/webchat-dark.png (when
// missing, or always with WEBCHAT_SCREENSHOT=1).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/knowledge/paths.js';
import { createServer } from '../../src/server.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/tempDir.js';
import { DIALOG_NOW } from '../helpers/transcript.js';

const WELCOME = '您好！我是异地就医备案助手';
const DOCS = join(projectRoot, 'docs');
const refresh = (file: string) => process.env.WEBCHAT_SCREENSHOT === '1' || !existsSync(join(DOCS, file));

const enabled = chromiumAvailable();

describe.skipIf(!enabled)('the Web Chat page across a restart, with tel: links and dark mode', () => {
  const dir = tempDir('yidi-webchat-restart-');
  // Default settings but for where the state folder is: the key file lands in it.
  const env = {
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    STORAGE: 'sqlite',
    SQLITE_PATH: dir.file('state/yidi.sqlite'),
  };
  let assistant: App;
  let server: FastifyInstance | undefined;
  let port = 0;
  let browser: Browser;

  /** Starts the server (again) on the same port; the app (its conversation store) is kept. */
  async function startServer(): Promise<void> {
    server = createServer(assistant, loadConfig(env));
    await server.listen({ port, host: '127.0.0.1' });
    const address = server.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP address');
    port = address.port;
  }
  const base = () => `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    assistant = createMemoryApp({ clock: () => DIALOG_NOW });
    await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    dir.remove();
  });

  async function open(options: { width: number; height: number; dark?: boolean }) {
    const context = await browser.newContext({
      viewport: { width: options.width, height: options.height },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      colorScheme: options.dark ? 'dark' : 'light',
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // While the server is away the browser reports the failed connections: expected.
      if (m.type() === 'error' && !/ERR_CONNECTION_REFUSED|WebSocket|Failed to load resource/.test(m.text()))
        problems.push(m.text());
    });
    await page.goto(`${base()}/`);
    await page.getByText(WELCOME).first().waitFor({ timeout: 30000 });
    return { page, problems };
  }
  const bot = (page: Page) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)');
  const ask = async (page: Page, text: string) => {
    await page.getByRole('textbox').fill(text);
    await page.getByRole('textbox').press('Enter');
  };

  it('phone numbers in answers are tel: links', async () => {
    const { page, problems } = await open({ width: 375, height: 740 });
    await ask(page, '江门 台山 咨询电话');
    const answer = bot(page).filter({ hasText: '台山市：备案电话 5513895' });
    await answer.waitFor({ timeout: 15000 });
    expect(await answer.locator('a[href="tel:5513895"]').textContent()).toBe('5513895');
    expect(await answer.locator('a[href="tel:5613915"]').count()).toBe(1);
    // Years and the source line are text, not links.
    expect(await answer.locator('a[href^="tel:20"]').count()).toBe(0);
    expect(await answer.textContent()).toContain('来源：《');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('server restart: offline banner, a message typed meanwhile is sent once back, the conversation kept', async () => {
    const { page, problems } = await open({ width: 1280, height: 800 });
    await ask(page, '新会 备案电话');
    await bot(page).filter({ hasText: '6102028' }).waitFor({ timeout: 15000 });
    const banner = page.locator('#offline');
    expect(await banner.isVisible()).toBe(false);

    await server?.close(); // every WebSocket is closed with the server
    await banner.waitFor({ state: 'visible', timeout: 15000 });
    expect(await banner.textContent()).toContain('正在自动重连');
    await ask(page, '江门 台山 咨询电话');

    const restarted = Date.now();
    await startServer();
    await bot(page).filter({ hasText: '台山市：备案电话 5513895' }).waitFor({ timeout: 30000 });
    console.info(
      `webchat reconnect: the queued message answered ${Date.now() - restarted} ms after the restart`,
    );
    await banner.waitFor({ state: 'hidden', timeout: 15000 });
    // Nothing failed to send, and the earlier answer is still there.
    expect(await page.getByText('发送失败').count()).toBe(0);
    expect(await bot(page).filter({ hasText: '6102028' }).count()).toBe(1);
    if (refresh('webchat-desktop.png')) {
      mkdirSync(DOCS, { recursive: true });
      await page.waitForTimeout(300); // the transcript's smooth scroll
      await page.screenshot({ path: join(DOCS, 'webchat-desktop.png') });
    }

    // The restarted server has the conversation: a reload replays it, without a new welcome.
    await page.reload();
    await bot(page).filter({ hasText: '5513895' }).waitFor({ timeout: 30000 });
    expect(await bot(page).filter({ hasText: '6102028' }).count()).toBe(1);
    expect(await bot(page).filter({ hasText: WELCOME }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('follows prefers-color-scheme: dark', async () => {
    const { page, problems } = await open({ width: 375, height: 740, dark: true });
    await ask(page, '江门 台山 咨询电话');
    await bot(page).filter({ hasText: '5513895' }).waitFor({ timeout: 15000 });
    const luminance = (selector: string) =>
      page.evaluate<number>(`(() => {
        const [r, g, b] = getComputedStyle(document.querySelector(${JSON.stringify(selector)})).backgroundColor
          .match(/\\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      })()`);
    expect(await luminance('body')).toBeLessThan(0.2);
    expect(await luminance('#webchat')).toBeLessThan(0.2);
    expect(
      await luminance('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content'),
    ).toBeLessThan(0.3);
    expect(await luminance('.webchat__suggested-action')).toBeLessThan(0.3);
    const text = await page.evaluate<string>(
      `getComputedStyle(document.querySelector('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content')).color`,
    );
    const [r = 0, g = 0, b = 0] = (text.match(/\d+/g) ?? []).map(Number);
    expect((0.2126 * r + 0.7152 * g + 0.0722 * b) / 255).toBeGreaterThan(0.7);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    if (refresh('webchat-dark.png')) {
      mkdirSync(DOCS, { recursive: true });
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(DOCS, 'webchat-dark.png') });
    }
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
