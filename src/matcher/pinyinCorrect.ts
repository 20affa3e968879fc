// Typos that sound right: pinyin input methods turn 邢台 into 形台/刑台 and 备案 into 备安.
// A pinyin index of the domain terms and place names is built once at start-up; a query's
// 2–4-character windows whose toneless (and zh/z, ng/n-folded) pinyin equals a term's are
// rewritten to it — unless the window is a real word (形态, 泰山) or part of one in the
// sentence (医报 inside 就医报销), which jieba's dictionary tells.
import nodejieba from 'nodejieba';
import { pinyin } from 'pinyin-pro';

const HAN_RUN = /\p{Script=Han}{2,}/gu;
/** At most this many corrected runs are remembered (then forgotten at once: a bounded memo). */
const MEMO_RUNS = 5000;

/** Fold the distinctions pinyin typists most often miss (zh/z, ch/c, sh/s, -ng/-n). */
function fold(syllable: string): string {
  return syllable.replace(/^([zcs])h/, '$1').replace(/ng$/, 'n');
}

function keyOf(syllables: string[]): string {
  return syllables.map(fold).join('-');
}

function syllablesOf(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed' });
}

/** Every toneless reading of one character (的: de, di), cached: the vocabulary of a chat is small. */
const readingCache = new Map<string, string[]>();
function readingsOf(char: string, inContext: string): string[] {
  let all = readingCache.get(char);
  if (!all) {
    all = [...new Set(pinyin(char, { toneType: 'none', type: 'array', multiple: true }))];
    readingCache.set(char, all);
  }
  return [inContext, ...all.filter((r) => r !== inContext)].slice(0, 3);
}

/** A window's folded keys tried: the first this many combinations of its characters' readings. */
const KEY_COMBINATIONS = 9;

export interface PinyinFix {
  from: string;
  to: string;
}

export class PinyinCorrector {
  /** Folded pinyin → term; undefined-valued keys are ambiguous (two terms sound alike). */
  private readonly byKey = new Map<string, string | undefined>();
  private readonly terms: Set<string>;
  private readonly maxLength: number;
  /** Every leading part of every key: a window whose readings start no key is skipped early. */
  private readonly keyPrefixes = new Set<string>();
  /**
   * Runs already corrected (issue 14: a turn corrects its text twice — the matcher, then the
   * segmenter's words — and citizens repeat questions): a run's result depends only on the run.
   */
  private readonly done = new Map<string, { text: string; fixes: PinyinFix[] }>();

  constructor(terms: Iterable<string>) {
    this.terms = new Set([...terms].filter((t) => /^\p{Script=Han}{2,4}$/u.test(t)));
    for (const term of this.terms) {
      const key = keyOf(syllablesOf(term));
      const seen = this.byKey.get(key);
      if (this.byKey.has(key) && seen !== term) this.byKey.set(key, undefined);
      else this.byKey.set(key, term);
    }
    this.maxLength = Math.max(2, ...[...this.terms].map((t) => t.length));
    for (const key of this.byKey.keys())
      for (let n = 1; n <= key.length; n++) this.keyPrefixes.add(key.slice(0, n));
  }

  /** The text with sound-alike windows rewritten, and what was rewritten (for `npm run ask`). */
  correct(text: string): { text: string; fixes: PinyinFix[] } {
    const fixes: PinyinFix[] = [];
    const out = text.replace(HAN_RUN, (run) => {
      let kept = this.done.get(run);
      if (!kept) {
        const own: PinyinFix[] = [];
        kept = { text: this.correctRun(run, own), fixes: own };
        if (this.done.size >= MEMO_RUNS) this.done.clear();
        this.done.set(run, kept);
      }
      fixes.push(...kept.fixes);
      return kept.text;
    });
    return { text: out, fixes };
  }

  /**
   * The one term a window sounds like, if any: the first of its first KEY_COMBINATIONS reading
   * combinations (in order: first character's readings slowest) that is a term's key. Walked
   * depth-first so a combination whose start is no key's start is skipped without building it
   * (issue 14: building all of them for every window of the knowledge text was most of the
   * index build at start-up); skipped combinations still count towards the limit, so the
   * result is the one the full list gives.
   */
  private termFor(chars: string[], syllables: string[]): string | undefined {
    const options = chars.map((c, i) => readingsOf(c, syllables[i] ?? '').map(fold));
    let budget = KEY_COMBINATIONS;
    let found: string | undefined;
    const below = (i: number): number => options.slice(i).reduce((n, o) => n * o.length, 1);
    // True: stop (a term found or the combinations used up).
    const walk = (i: number, key: string): boolean => {
      if (key && !this.keyPrefixes.has(key)) {
        budget -= below(i);
        return budget <= 0;
      }
      if (i === options.length) {
        budget--;
        found = this.byKey.get(key);
        return found !== undefined || budget <= 0;
      }
      for (const o of options[i] ?? []) if (walk(i + 1, key ? `${key}-${o}` : o)) return true;
      return false;
    };
    walk(0, '');
    return found;
  }

  private correctRun(run: string, fixes: PinyinFix[]): string {
    const chars = Array.from(run);
    // Per-character pinyin in context (polyphones read as in the sentence).
    const syllables = syllablesOf(run);
    if (syllables.length !== chars.length) return run;
    let inWord: boolean[] | undefined;
    const partOfWord = (from: number, to: number): boolean => {
      inWord ??= wordMask(run);
      for (let i = from; i < to; i++) if (inWord[i]) return true;
      return false;
    };
    let result = '';
    let i = 0;
    outer: while (i < chars.length) {
      for (let len = Math.min(this.maxLength, chars.length - i); len >= 2; len--) {
        const window = chars.slice(i, i + len).join('');
        if (this.terms.has(window)) {
          result += window;
          i += len;
          continue outer;
        }
        const term = this.termFor(chars.slice(i, i + len), syllables.slice(i, i + len));
        if (term === undefined || partOfWord(i, i + len)) continue;
        fixes.push({ from: window, to: term });
        result += term;
        i += len;
        continue outer;
      }
      result += chars[i];
      i++;
    }
    return result;
  }
}

/** Per character: does it belong to a word of two or more characters in jieba's cut? */
function wordMask(run: string): boolean[] {
  const mask: boolean[] = [];
  for (const w of nodejieba.cut(run, false)) {
    const n = Array.from(w).length;
    for (let k = 0; k < n; k++) mask.push(n >= 2);
  }
  return mask;
}
