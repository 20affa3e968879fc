// The WeChat settings: validated at start-up with a message naming the variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('WeChat settings', () => {
  it('token, AppID, EncodingAESKey and a deadline are read', () => {
    const c = loadConfig({
      WECHAT_TOKEN: 'spamtest',
      WECHAT_APPID: 'wx2c2769f8efd9abc2',
      WECHAT_ENCODING_AES_KEY: KEY,
      WECHAT_REPLY_DEADLINE_MS: '3000',
    });
    expect(c).toMatchObject({
      WECHAT_TOKEN: 'spamtest',
      WECHAT_APPID: 'wx2c2769f8efd9abc2',
      WECHAT_ENCODING_AES_KEY: KEY,
      WECHAT_REPLY_DEADLINE_MS: 3000,
    });
  });

  it('empty values are "not set": no WeChat channel', () => {
    const c = loadConfig({ WECHAT_TOKEN: '', WECHAT_APPID: ' ', WECHAT_ENCODING_AES_KEY: '' });
    expect(c.WECHAT_TOKEN).toBeUndefined();
    expect(c.WECHAT_APPID).toBeUndefined();
    expect(c.WECHAT_ENCODING_AES_KEY).toBeUndefined();
  });

  it('plain mode needs only the token', () => {
    expect(loadConfig({ WECHAT_TOKEN: 'abc' }).WECHAT_TOKEN).toBe('abc');
  });

  it.each([
    [{ WECHAT_TOKEN: 'ab' }, 'WECHAT_TOKEN'],
    [{ WECHAT_TOKEN: 'a'.repeat(33) }, 'WECHAT_TOKEN'],
    [{ WECHAT_TOKEN: 'my-token' }, 'WECHAT_TOKEN'],
    [
      { WECHAT_TOKEN: 'abc', WECHAT_APPID: 'wx1', WECHAT_ENCODING_AES_KEY: KEY.slice(1) },
      'WECHAT_ENCODING_AES_KEY',
    ],
    [
      { WECHAT_TOKEN: 'abc', WECHAT_APPID: 'wx1', WECHAT_ENCODING_AES_KEY: `${KEY}=` },
      'WECHAT_ENCODING_AES_KEY',
    ],
    [
      { WECHAT_TOKEN: 'abc', WECHAT_APPID: 'wx1', WECHAT_ENCODING_AES_KEY: `${KEY.slice(1)}+` },
      'WECHAT_ENCODING_AES_KEY',
    ],
    [{ WECHAT_TOKEN: 'abc', WECHAT_ENCODING_AES_KEY: KEY }, 'WECHAT_APPID'],
    [{ WECHAT_APPID: 'wx1' }, 'WECHAT_TOKEN'],
    [{ WECHAT_ENCODING_AES_KEY: KEY, WECHAT_APPID: 'wx1' }, 'WECHAT_TOKEN'],
    [{ WECHAT_TOKEN: 'abc', WECHAT_APPID: 'wx 1' }, 'WECHAT_APPID'],
    [{ WECHAT_TOKEN: 'abc', WECHAT_REPLY_DEADLINE_MS: '50' }, 'WECHAT_REPLY_DEADLINE_MS'],
    [{ WECHAT_TOKEN: 'abc', WECHAT_REPLY_DEADLINE_MS: '5000' }, 'WECHAT_REPLY_DEADLINE_MS'],
    [{ WECHAT_TOKEN: 'abc', WECHAT_REPLY_DEADLINE_MS: 'soon' }, 'WECHAT_REPLY_DEADLINE_MS'],
  ])('%j is refused, naming %s, in Chinese and English', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      const line = (error as Error).message.split('\n').find((l) => l.includes(`${variable}:`)) ?? '';
      expect(line, (error as Error).message).toMatch(/\p{Script=Han}.*\/ [A-Za-z]/u);
    }
  });
});
