// The real server on SQLite: a dialog survives `kill -9` and continues after a restart on
// the same file; SIGTERM exits 0 with the state flushed into the database file.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BotProcess, startBotProcess } from '../../tools/harness/botProcess.js';
import { askHttp, expectReply } from '../helpers/askHttp.js';
import { fastRun } from '../helpers/services.js';
import { tempDir } from '../helpers/tempDir.js';

const START = '我要去外地住院，我属于哪一类？';
const ASK_REGION = '请问您（或家人）是在哪里参保的？';
const ASK_SITUATION = '请问是哪种情况？回复序号即可：';
const OUTCOME = '异地安置退休人员';

const dir = tempDir('yidi-restart-');
const path = dir.file('state/yidi.sqlite');
const env = { STORAGE: 'sqlite', SQLITE_PATH: path };
const running: BotProcess[] = [];
const start = async () => {
  const p = await startBotProcess(env);
  running.push(p);
  return p;
};

afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
  dir.remove();
});

describe.skipIf(fastRun)('the server on SQLite', () => {
  it('a dialog begun before kill -9 continues after a restart on the same file', async () => {
    const first = await start();
    expect(existsSync(path)).toBe(true); // the folder and file are created on start
    await expectReply(first.base, 'restart-alice', START, ASK_REGION);
    await expectReply(first.base, 'restart-alice', '江门', ASK_SITUATION);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await start();
    await expectReply(second.base, 'restart-alice', '退休了', OUTCOME);
    // A user who never began the dialog gets no outcome from the same words.
    const stranger = await askHttp(second.base, 'restart-bob', '退休了');
    expect(stranger.text).not.toContain(OUTCOME);

    second.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('a Web Chat token and its conversation survive kill -9 without DIRECTLINE_SECRET (key file 0600)', async () => {
    const first = await start();
    const issued = await fetch(`${first.base}/api/webchat/token`, { method: 'POST' });
    const { token, conversationId } = (await issued.json()) as { token: string; conversationId: string };
    const auth = { authorization: `Bearer ${token}` };
    expect(
      (await fetch(`${first.base}/v3/directline/conversations`, { method: 'POST', headers: auth })).status,
    ).toBe(201);
    const activities = `/v3/directline/conversations/${conversationId}/activities`;
    const posted = await fetch(`${first.base}${activities}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'ignored' }, text: '江门 台山 咨询电话' }),
    });
    expect(posted.status).toBe(200);
    const texts = async (base: string) => {
      const res = await fetch(`${base}${activities}`, { headers: auth });
      expect(res.status).toBe(200);
      return ((await res.json()) as { activities: Array<{ text?: string }> }).activities.map(
        (a) => a.text ?? '',
      );
    };
    await expect.poll(async () => (await texts(first.base)).join('\n')).toContain('台山市：备案电话 5513895');
    first.kill('SIGKILL');
    await first.exited;

    const keyFile = join(dirname(path), 'directline.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = await start();
    // The same token opens the same conversation, with what was said before the kill.
    const resumed = await fetch(`${second.base}/v3/directline/conversations/${conversationId}`, {
      headers: auth,
    });
    expect(resumed.status).toBe(200);
    expect((await texts(second.base)).join('\n')).toContain('台山市：备案电话 5513895');
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('SIGTERM: exits 0, the write-ahead log is folded into the file, and the next start has the state', async () => {
    const first = await start();
    await expectReply(first.base, 'restart-carol', START, ASK_REGION);
    first.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(`${path}-wal`)).toBe(false);

    const second = await start();
    await expectReply(second.base, 'restart-carol', '江门', ASK_SITUATION);
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
