// The asked facet as the user sees it: "分哪几种" is answered with the kinds of filing (the
// national 长期居住 / 临时外出 split) unless a city is named, and colloquial "咋整 / 怎么整"
// asks how to file.
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import type { AskResult } from '../../src/conversation/turn.js';

const NOW = new Date('2026-11-25T04:00:00Z');

let app: App;
let users = 0;
const ask = (text: string): Promise<AskResult> =>
  app.conversations.ask({ channel: 'test', user: `facet-${++users}` }, text);

beforeAll(() => {
  app = createMemoryApp({ clock: () => NOW });
});

describe('which kinds of filing', () => {
  it.each([['异地备案分哪几种'], ['异地就医备案有几种类型'], ['跨省就医备案都有哪些类型']])(
    '%s: the national kinds, not a city’s classes',
    async (q) => {
      const r = await ask(q);
      expect(r.fallback).toBe(false);
      const text = r.replies.join('\n');
      expect(text).toContain('长期居住');
      expect(text).toContain('临时外出');
      expect(text).not.toContain('第三类');
    },
  );

  it('a named city gets its own classes', async () => {
    const r = await ask('江门的异地备案有几种');
    expect(r.replies.join('\n')).toContain('第三类');
  });
});

describe('colloquial how', () => {
  it.each([['异地就医备案咋整'], ['跨省看病备案怎么整']])(
    '%s: how to file, not a did-you-mean',
    async (q) => {
      const r = await ask(q);
      expect(r.fallback).toBe(false);
      expect(r.intent).toBe('nat-how-to-file');
      expect(r.replies.join('')).not.toContain('您是想问');
    },
  );
});
