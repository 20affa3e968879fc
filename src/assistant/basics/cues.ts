// Which "basic" a message is, from the cue lists of basics.yaml: small talk (a whole message
// of greeting / thanks / ok / goodbye words), asking for a person, feedback on the last
// answer, personal numbers and a request to look up one's own filing, or a foreign language.
// Pure: text in, verdict out.
import type { Knowledge } from '../../knowledge/types.js';
import { compact } from '../../text/normalize.js';
import { ID_MASK, maskPii, PHONE_MASK } from '../../text/pii.js';

export type SmallTalk = 'greeting' | 'thanks' | 'ack' | 'goodbye' | 'praise';
export type Rating = 'helpful' | 'unhelpful';

/** When a message mixes kinds ("好的，谢谢", "谢谢，再见"), the later-in-conversation one wins. */
const PRECEDENCE: SmallTalk[] = ['goodbye', 'thanks', 'praise', 'greeting', 'ack'];
/** Small talk is short: a longer message says something more. */
const MAX_SMALL_TALK = 16;
const HAN = /\p{Script=Han}/u;
const LATIN = /[a-z]/gi;

interface Word {
  text: string;
  kind?: string;
}

/** Words longest first, so "嗯嗯" is read before "嗯" and "谢谢你" is not split oddly. */
const byLength = (words: Word[]) =>
  words
    .map((w) => ({ ...w, text: compact(w.text) }))
    .filter((w) => w.text)
    .sort((a, b) => b.text.length - a.text.length);

/**
 * The kinds of words a message consists of, or undefined when some part of it is none of
 * `words` (a filler has no kind). Greedy, longest word first at each position.
 */
export function wordsOnly(text: string, words: Word[]): string[] | undefined {
  const kinds: string[] = [];
  let i = 0;
  outer: while (i < text.length) {
    for (const w of words) {
      if (text.startsWith(w.text, i)) {
        if (w.kind) kinds.push(w.kind);
        i += w.text.length;
        continue outer;
      }
    }
    return undefined;
  }
  return kinds;
}

export class BasicsCues {
  private readonly smallTalkWords: Word[];
  private readonly feedbackWords: Word[];
  private readonly human: string[];
  private readonly lookup: string[];
  private readonly minLetters: number;
  private readonly minWords: number;

  constructor(knowledge: Knowledge) {
    const b = knowledge.basics;
    const fillers = b.smallTalk.fillers.map((text) => ({ text }));
    this.smallTalkWords = byLength([
      ...PRECEDENCE.flatMap((kind) => b.smallTalk[kind].map((text) => ({ text, kind }))),
      ...fillers,
    ]);
    this.feedbackWords = byLength([
      ...b.feedback.helpful.map((text) => ({ text, kind: 'helpful' })),
      ...b.feedback.unhelpful.map((text) => ({ text, kind: 'unhelpful' })),
      ...fillers,
    ]);
    this.human = b.human.cues.map(compact).filter(Boolean);
    this.lookup = b.personalLookup.cues.map(compact).filter(Boolean);
    this.minLetters = b.english.minLetters;
    this.minWords = b.english.minWords;
  }

  /** The small talk a whole message is ("你好呀", "嗯嗯 明白了", "多謝你"), else undefined. */
  smallTalk(raw: string): SmallTalk | undefined {
    const t = compact(raw);
    if (!t || t.length > MAX_SMALL_TALK) return undefined;
    const kinds = wordsOnly(t, this.smallTalkWords);
    if (!kinds || kinds.length === 0) return undefined;
    return PRECEDENCE.find((k) => kinds.includes(k));
  }

  /**
   * A greeting in front of a real question ("你好，江门备案电话多少"): the question alone,
   * so the greeting words do not dilute the match. The text itself when it starts otherwise.
   */
  withoutGreeting(raw: string): string {
    const parts = raw.split(/[，,。.！!？?\s]+/u);
    let n = 0;
    while (n < parts.length - 1 && (parts[n] === '' || this.smallTalk(parts[n] ?? '') !== undefined)) n++;
    if (n === 0) return raw;
    const rest = parts.slice(n).join(' ').trim();
    return rest || raw;
  }

  /** Feedback on the last answer: the whole message is 有用 / 没用 / 不对 / 答非所问 …. */
  feedback(raw: string): Rating | undefined {
    const t = compact(raw);
    if (!t || t.length > MAX_SMALL_TALK) return undefined;
    const kinds = wordsOnly(t, this.feedbackWords);
    if (!kinds || kinds.length === 0) return undefined;
    return kinds.includes('unhelpful') ? 'unhelpful' : 'helpful';
  }

  /** 转人工 / 找个真人 / 有没有电话可以打 / 我要投诉. */
  wantsHuman(raw: string): boolean {
    const t = compact(raw);
    return this.human.some((c) => t.includes(c));
  }

  /** The message contains an ID-card or phone number. */
  hasPersonalNumber(raw: string): boolean {
    const masked = maskPii(raw.normalize('NFKC'));
    return masked.includes(ID_MASK) || masked.includes(PHONE_MASK);
  }

  /** Personal numbers sent with a request to look something up (查一下我的备案成功没). */
  wantsPersonalLookup(raw: string): boolean {
    if (!this.hasPersonalNumber(raw)) return false;
    const words = compact(
      maskPii(raw.normalize('NFKC')).replaceAll(ID_MASK, ' ').replaceAll(PHONE_MASK, ' '),
    );
    return this.lookup.some((c) => words.includes(c));
  }

  /** Written in another language (no Chinese characters, enough Latin letters). */
  isForeign(raw: string): boolean {
    if (HAN.test(raw)) return false;
    const words = raw.match(/[a-z]+/gi)?.length ?? 0;
    return (raw.match(LATIN)?.length ?? 0) >= this.minLetters && words >= this.minWords;
  }
}
