// A WeChat passive reply is ONE text message of at most 2048 bytes (UTF-8). All messages of a
// turn are merged; follow-up suggestions become numbered options ("回复 1 查看：…") that the
// bot's own option picking understands next turn. Too long: cut at a character boundary,
// keeping the options, with a note saying so.
import type { Activity } from 'botbuilder-core';
import { fill } from '../../answers/fill.js';
import { metaOf } from '../../conversation/turn.js';
import type { Messages } from '../../knowledge/types.js';
import type { ToTraditional } from '../../text/traditional.js';

export const MAX_REPLY_BYTES = 2048;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

export function renderTurn(
  activities: Partial<Activity>[],
  messages: Messages,
  toTraditional: ToTraditional,
  maxBytes = MAX_REPLY_BYTES,
): string {
  const sent = activities.filter(
    (a): a is Partial<Activity> & { text: string } => a.type === 'message' && typeof a.text === 'string',
  );
  const body = sent
    .map((a) => a.text.trim())
    .filter(Boolean)
    .join('\n\n');
  const last = sent[sent.length - 1];
  const meta = last ? metaOf(last) : undefined;
  const convert = last?.locale === 'zh-TW' ? toTraditional : (s: string) => s;
  let options = '';
  if (meta && meta.suggestions.length > 0) {
    // An answer's and a welcome's suggestions can be picked by number (the bot remembers
    // them); a did-you-mean and a dialog question already list their numbered choices in the text.
    if (meta.kind === 'answer' || meta.kind === 'welcome') {
      options = [
        meta.kind === 'answer' ? messages.relatedHeader : messages.wechatExamplesHeader,
        ...meta.suggestions.map((question, i) => fill(messages.wechatOption, { n: String(i + 1), question })),
      ]
        .filter(Boolean)
        .join('\n');
    } else if (meta.kind === 'fallback') {
      options = [
        messages.wechatExamplesHeader,
        ...meta.suggestions.map((question) => fill(messages.wechatExample, { question })),
      ]
        .filter(Boolean)
        .join('\n');
    }
  }
  options = convert(options);
  return fitBytes(body, options, convert(messages.wechatTruncated), maxBytes);
}

/** body + options within maxBytes; a cut body ends with `note`. */
export function fitBytes(body: string, options: string, note: string, maxBytes: number): string {
  const join = (a: string, b: string) => (a && b ? `${a}\n\n${b}` : a || b);
  const whole = join(body, options);
  if (bytes(whole) <= maxBytes) return whole;
  if (bytes(note) >= maxBytes / 2) return cutToBytes(body, maxBytes);
  // The options are what the user answers next: keep them if anything of the body fits.
  const tail = bytes(options) + bytes(note) + 2 < maxBytes / 2 ? options : '';
  const budget = maxBytes - bytes(note) - (tail ? bytes(tail) + 2 : 0);
  return join(`${cutToBytes(body, budget).trimEnd()}${note}`, tail);
}

/** The longest prefix of `text` within `budget` bytes that ends on a grapheme boundary. */
export function cutToBytes(text: string, budget: number): string {
  let used = 0;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    const size = bytes(segment);
    if (used + size > budget) break;
    used += size;
    end = index + segment.length;
  }
  return text.slice(0, end);
}
