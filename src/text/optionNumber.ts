// The number of an offered option in a reply: "2", "第二个", "3号", "第1条", "回复 1", "1.",
// "１" — how users pick a did-you-mean choice, a follow-up suggestion or a dialog's numbered
// choice. (compact() has already made full-width digits half-width and dropped punctuation.)
import { parseChineseNumber } from './chineseNumber.js';
import { compact } from './normalize.js';

const OPTION_NUMBER =
  /^(?:回复|选择|选|要)?(?:第)?([0-9]{1,2}|[一二三四五六七八九十])(?:个|条|项|号|种)?(?:吧|呢)?$/;

/** The option number a reply is, or undefined when it is anything else. */
export function optionNumber(text: string): number | undefined {
  const m = OPTION_NUMBER.exec(compact(text));
  return m ? parseChineseNumber(m[1] ?? '') : undefined;
}
