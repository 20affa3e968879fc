// Issue 14: an FAQ turn with no dialog in progress builds no DialogContext (no
// DialogStateManager per turn); a dialog turn gets one, and the state manager's
// configuration is built once per process and shared by every later dialog turn.
import type { TurnContext } from 'botbuilder-core';
import { DialogSet } from 'botbuilder-dialogs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { DIALOG_NOW, freshUser } from '../helpers/transcript.js';

let app: App;
const configurations: unknown[] = [];

beforeAll(() => {
  app = createMemoryApp({ clock: () => DIALOG_NOW });
  // After each turn: the configuration its dialog context (if any) used.
  app.conversations.use(async (context: TurnContext, next) => {
    await next();
    const c = context.turnState.get('DialogStateManagerConfiguration');
    if (c) configurations.push(c);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  configurations.length = 0;
});

describe('dialog contexts only where a dialog runs', () => {
  it('FAQ answers, small talk and a fallback build none', async () => {
    const created = vi.spyOn(DialogSet.prototype, 'createContext');
    const user = freshUser('faq');
    for (const text of ['异地就医备案有效期多久', '你好', '江门 台山 咨询电话', '今天天气怎么样']) {
      const r = await app.conversations.ask({ channel: 'test', user }, text);
      expect(r.replies.length).toBeGreaterThan(0);
    }
    expect(created).not.toHaveBeenCalled();
    expect(configurations).toHaveLength(0);
  });

  it('a dialog that starts and continues gets one, with one configuration for the process', async () => {
    const created = vi.spyOn(DialogSet.prototype, 'createContext');
    const ask = (user: string, text: string) => app.conversations.ask({ channel: 'test', user }, text);
    const first = freshUser('dialog');
    const second = freshUser('dialog');
    const started = await ask(first, '我属于哪一类备案？');
    expect(started.replies.join('\n')).toContain('请问您（或家人）是在哪里参保的？');
    const next = await ask(first, '江门新会');
    expect(next.replies.join('\n')).toContain('请问是哪种情况？');
    await ask(second, '我属于哪一类备案？');
    expect(created).toHaveBeenCalledTimes(3);
    expect(configurations).toHaveLength(3);
    expect(new Set(configurations).size).toBe(1);
    // Back to an FAQ question after the dialog: it is answered inside the dialog's turn.
    const faq = await ask(first, '备案要带什么材料');
    expect(faq.replies.length).toBeGreaterThan(0);
  });
});
