// Step 2 of the matcher pipeline: typo repair → jieba segmentation with the domain user
// dictionary → synonyms folded onto one canonical token → stopwords dropped.
import nodejieba from 'nodejieba';
import type { Knowledge } from '../knowledge/types.js';
import { loadJieba } from './jiebaDictionary.js';
import { PinyinCorrector, type PinyinFix } from './pinyinCorrect.js';

const SPLIT_DIGITS = /(\d+)/;
const MEANINGFUL = /[\p{Script=Han}a-z0-9]/u;

export class Segmenter {
  private readonly typos: Array<{ wrong: string; right: string; unless: string[] }>;
  private readonly canonical = new Map<string, string>();
  private readonly stopwords: Set<string>;
  private readonly pinyin: PinyinCorrector;

  constructor(knowledge: Knowledge) {
    const { lexicon } = knowledge;
    // Longest typo first so 异地就以 is repaired before 就以.
    this.typos = Object.entries(lexicon.typos)
      .map(([wrong, fix]) =>
        typeof fix === 'string'
          ? { wrong, right: fix, unless: [] }
          : { wrong, right: fix.to, unless: fix.unless },
      )
      .sort((a, b) => b.wrong.length - a.wrong.length);
    for (const [canon, variants] of Object.entries(lexicon.synonyms)) {
      for (const v of variants) this.canonical.set(v.toLowerCase(), canon);
    }
    // Place names fold onto one form (邢台市 → 邢台, 新会区 → 新会) so either spelling matches.
    for (const r of knowledge.regions.values()) {
      if (r.level === 'country') continue; // 国家/跨省 stay words of their own
      const forms = [r.name, ...r.aliases];
      const short = forms.reduce((a, b) => (b.length < a.length ? b : a));
      for (const f of forms) if (!this.canonical.has(f)) this.canonical.set(f, short);
    }
    this.stopwords = new Set(lexicon.stopwords);
    const places = [...knowledge.regions.values()].flatMap((r) => [r.name, ...r.aliases]);
    this.pinyin = new PinyinCorrector([...lexicon.pinyinTerms, ...places]);
    loadJieba(this.dictionaryWords(knowledge));
  }

  /** Every word the segmenter must keep whole: lexicon, places, channel and category names. */
  private dictionaryWords(k: Knowledge): string[] {
    const words = new Set<string>([...k.lexicon.userWords, ...k.lexicon.domainAnchors]);
    for (const [canon, variants] of Object.entries(k.lexicon.synonyms)) {
      words.add(canon);
      for (const v of variants) words.add(v);
    }
    for (const r of k.regions.values()) {
      words.add(r.name);
      for (const a of r.aliases) words.add(a);
    }
    for (const c of k.channels.values()) for (const a of c.aliases) words.add(a.toLowerCase());
    for (const c of k.categories.categories) {
      words.add(c.name.replace(/（.*?）/g, ''));
      for (const h of c.hints) words.add(h);
    }
    for (const t of k.outOfScope) for (const term of t.terms) words.add(term);
    return [...words].filter((w) => w.length >= 2);
  }

  /** Repair frequent misspellings (备按 → 备案), then sound-alike ones (形台 → 邢台). */
  fixTypos(text: string): string {
    return this.pinyin.correct(this.fixListedTypos(text)).text;
  }

  /** The sound-alike rewrites of a text (the curators' view in `npm run ask`). */
  pinyinFixes(text: string): PinyinFix[] {
    return this.pinyin.correct(this.fixListedTypos(text)).fixes;
  }

  private fixListedTypos(text: string): string {
    let out = text;
    for (const { wrong, right, unless } of this.typos) {
      if (!out.includes(wrong)) continue;
      if (unless.length === 0) {
        out = out.split(wrong).join(right);
        continue;
      }
      // Correct words that contain the misspelling (就医报销 ⊃ 医报) are protected.
      const protectedSpans: Array<[number, number]> = [];
      for (const u of unless) {
        for (let i = out.indexOf(u); i >= 0; i = out.indexOf(u, i + 1))
          protectedSpans.push([i, i + u.length]);
      }
      let result = '';
      let from = 0;
      for (let i = out.indexOf(wrong); i >= 0; i = out.indexOf(wrong, i + wrong.length)) {
        if (protectedSpans.some(([a, b]) => i >= a && i + wrong.length <= b)) continue;
        result += out.slice(from, i) + right;
        from = i + wrong.length;
      }
      out = result + out.slice(from);
    }
    return out;
  }

  /** Raw jieba words of normalized text (after typo repair), without spaces. */
  words(text: string): string[] {
    const fixed = this.fixTypos(text);
    const out: string[] = [];
    // Digit runs are tokens of their own (jieba without HMM would cut 60 into 6 / 0).
    for (const chunk of fixed.split(SPLIT_DIGITS)) {
      if (!chunk.trim()) continue;
      if (/^\d+$/.test(chunk)) {
        out.push(chunk);
        continue;
      }
      // Search mode emits a compound and its parts (异地长期居住人员 → 异地, 长期, 居住 …),
      // so a question matches whichever granularity the paraphrase was cut at. HMM new-word
      // guessing is off: it invents words like 后能 from 备案后能….
      for (const part of chunk.split(' ')) {
        if (!part) continue;
        for (const w of nodejieba.cutForSearch(part, false)) if (MEANINGFUL.test(w)) out.push(w);
      }
    }
    return out;
  }

  /** Canonical tokens for matching: synonyms folded, stopwords removed. */
  tokens(text: string): string[] {
    const out: string[] = [];
    for (const w of this.words(text)) {
      const canon = this.canonical.get(w) ?? w;
      if (!this.stopwords.has(canon)) out.push(canon);
    }
    return out;
  }

  /**
   * How specific each word of a text is in general Chinese (jieba's corpus IDF): 信息 ≈ 5,
   * 公积金 ≈ 8, 心梗 ≈ 12. Used to judge words our knowledge base does not know.
   */
  generalIdf(text: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const { word, weight } of nodejieba.extract(text, 64)) {
      const tf = Math.max(1, text.split(word).length - 1);
      out.set(word, weight / tf);
    }
    return out;
  }

  isStopword(word: string): boolean {
    return this.stopwords.has(word);
  }
}
