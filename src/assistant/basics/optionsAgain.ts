// A number beyond the options just shown ("7" after three): "请回复 1–3 中的数字" and the
// numbered list again — after follow-up suggestions and in a dialog's numbered choices alike.
import { fill } from '../../answers/fill.js';
import type { Reply } from '../../answers/reply.js';
import type { Messages } from '../../knowledge/types.js';
import { optionNumber } from '../../text/optionNumber.js';

/** True when `text` is an option number but none of the `count` options shown. */
export function isOutOfRange(text: string, count: number): boolean {
  const n = optionNumber(text);
  return count > 0 && n !== undefined && (n < 1 || n > count);
}

export function optionsAgain(messages: Messages, options: string[], intent: string): Reply {
  const head = fill(messages.basics.optionOutOfRange, { max: String(options.length) });
  return {
    text: [head, ...options.map((q, i) => `${i + 1}. ${q}`)].join('\n'),
    meta: { kind: 'clarify', intent, confidence: 0, fallback: false, sources: [], suggestions: options },
  };
}
