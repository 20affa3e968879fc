// Without DIRECTLINE_SECRET the signing key is made once and kept in the state folder (mode
// 0600): a Web Chat token issued before a restart still opens its conversation after it.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { KEY_FILE_NAME } from '../../src/channels/directLine/signingKey.js';
import { loadConfig } from '../../src/config.js';
import { createServer } from '../../src/server.js';
import { expectBilingualError, listenOnLoopback } from '../helpers/http.js';
import { tempDir } from '../helpers/tempDir.js';

let assistant: App;
const dir = tempDir('yidi-dlkey-');
const servers: FastifyInstance[] = [];

async function start(env: Record<string, string>): Promise<{ base: string; server: FastifyInstance }> {
  const server = createServer(assistant, loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env }));
  const port = await listenOnLoopback(server);
  servers.push(server);
  return { base: `http://127.0.0.1:${port}`, server };
}

const sqliteEnv = (folder: string) => ({ STORAGE: 'sqlite', SQLITE_PATH: dir.file(`${folder}/yidi.sqlite`) });

async function webChatToken(base: string): Promise<{ token: string; conversationId: string }> {
  const res = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; conversationId: string };
}

const openConversation = (base: string, token: string) =>
  fetch(`${base}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });

beforeAll(() => {
  assistant = createMemoryApp();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  dir.remove();
});

describe('the Direct Line signing key on default settings', () => {
  it('is written once with mode 0600 and reused: a token from before the restart still works', async () => {
    const first = await start(sqliteEnv('state'));
    const file = dir.file(`state/${KEY_FILE_NAME}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8');
    expect(key.trim()).toMatch(/^[\x21-\x7e]{32,}$/);
    const { token, conversationId } = await webChatToken(first.base);
    expect((await openConversation(first.base, token)).status).toBe(201);
    await first.server.close();

    const second = await start(sqliteEnv('state'));
    expect(readFileSync(file, 'utf8')).toBe(key);
    const again = await openConversation(second.base, token);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { conversationId: string }).conversationId).toBe(conversationId);
  });

  it('a key file others could read is set back to 0600 and kept', async () => {
    await start(sqliteEnv('loose'));
    const file = dir.file(`loose/${KEY_FILE_NAME}`);
    const key = readFileSync(file, 'utf8');
    chmodSync(file, 0o644);
    await start(sqliteEnv('loose'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(key);
  });

  it('a token signed by another key is refused with a bilingual 403, not a 500', async () => {
    const other = await start(sqliteEnv('other'));
    const { token } = await webChatToken(other.base);
    const mine = await start(sqliteEnv('mine'));
    const res = await openConversation(mine.base, token);
    expect(res.status).toBe(403);
    await expectBilingualError(res);
  });

  it('a key file with something else in it stops the start with a message naming the file', async () => {
    const file = dir.file(`broken/${KEY_FILE_NAME}`);
    await start(sqliteEnv('broken'));
    writeFileSync(file, 'short\n');
    await expect(start(sqliteEnv('broken'))).rejects.toThrow(
      new RegExp(`${KEY_FILE_NAME}.*DIRECTLINE_SECRET`),
    );
  });

  it('with DIRECTLINE_SECRET set, or memory storage, no key file is written', async () => {
    const secret = 'a-configured-direct-line-secret-0123456789';
    await start({ ...sqliteEnv('configured'), DIRECTLINE_SECRET: secret });
    expect(() => statSync(dir.file(`configured/${KEY_FILE_NAME}`))).toThrow(/ENOENT/);
    await start({ STORAGE: 'memory', SQLITE_PATH: dir.file('memory/yidi.sqlite') });
    expect(() => statSync(dir.file(`memory/${KEY_FILE_NAME}`))).toThrow(/ENOENT/);
  });
});
