// The hotline-staff lookup: FAQ entries, phone-table rows and channels ranked together for
// a keyword query. It runs the matcher's own pipeline pieces — normalize → typo repair →
// segment → fuzzy correction → retrieve → rank — so it tolerates the same typos and
// Traditional characters as the bot, and renders answers with the bot's composer.
// Pure: no botbuilder, no I/O.
import { citedRegion, composeAnswer, regionName } from '../answers/compose.js';
import type { Citation, FaqEntry, Knowledge } from '../knowledge/types.js';
import type { Matcher } from '../matcher/index.js';
import { type Candidate, rank } from '../matcher/rank.js';
import { RetrievalIndex } from '../matcher/retrieve.js';
import { normalize } from '../text/normalize.js';
import { highlight, snippet } from './highlight.js';
import { officeNumbers, readPhoneNumbers } from './phoneQuery.js';
import { type ChannelDetails, type PhoneDetails, type ReferenceDoc, referenceDocs } from './references.js';

export type ResultKind = 'faq' | 'phone' | 'channel';

export interface SourceQuote {
  doc: string;
  title: string;
  date: string;
  region: string;
  /** The locating passage (≤ 40 characters) to find in the document. */
  quote: string;
}

export interface SearchResult {
  kind: ResultKind;
  id: string;
  /** The FAQ question, or the title of a phone row / channel. */
  question: string;
  /** What the bot would reply, with its source line. */
  answer: string;
  sources: SourceQuote[];
  region: { id: string; name: string };
  related: Array<{ id: string; question: string }>;
  score: number;
  /** Query terms (canonical tokens, typos repaired) found in this result. */
  matched: string[];
  /** HTML-safe: everything escaped except <mark> around the matched terms. */
  highlight: { question: string; snippet: string };
  phone?: PhoneDetails;
  channel?: ChannelDetails;
}

export interface SearchOptions {
  /** Region id (already resolved): only results for it, its districts and enclosing regions. */
  region?: string;
  limit?: number;
  now?: Date;
}

export interface SearchResponse {
  /** The query as logged: PII masked. */
  query: string;
  tokens: string[];
  region?: { id: string; name: string };
  results: SearchResult[];
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 50;

/** A matched token that says something: not a lone Latin letter or digit (<script> → s, c …). */
const meaningful = (token: string) => token.length >= 2 || /\p{Script=Han}/u.test(token);

interface Scored {
  candidate: Candidate;
  ref?: ReferenceDoc;
}

export class StaffSearch {
  private readonly refs: ReferenceDoc[];
  /** Built on the first search, not at start-up (issue 14: the first citizen answer needs none of it). */
  private builtRefIndex?: RetrievalIndex;
  /** The knowledge as rank() sees it for reference documents (their entry shapes). */
  private readonly refKnowledge: Knowledge;
  /** Canonical token → the spellings to highlight (synonyms, place-name forms). */
  private readonly surfaces = new Map<string, Set<string>>();
  /** The phone tables' office numbers, found however a caller writes them. */
  private readonly offices: Set<string>;

  constructor(
    private readonly knowledge: Knowledge,
    private readonly matcher: Matcher,
  ) {
    this.refs = referenceDocs(knowledge);
    this.offices = officeNumbers(knowledge);
    this.refKnowledge = { ...knowledge, entries: this.refs.map((r) => r.entry) };
    const add = (canon: string, form: string) => {
      const set = this.surfaces.get(canon) ?? new Set([canon]);
      // Single characters (补, 查, 几) would light up half the text.
      if (form.length >= 2) set.add(form.toLowerCase());
      this.surfaces.set(canon, set);
    };
    for (const [canon, variants] of Object.entries(knowledge.lexicon.synonyms))
      for (const v of variants) add(canon, v);
    for (const r of knowledge.regions.values()) {
      if (r.level === 'country') continue;
      const forms = [r.name, ...r.aliases];
      const short = forms.reduce((a, b) => (b.length < a.length ? b : a));
      for (const f of forms) add(short, f);
    }
  }

  private get refIndex(): RetrievalIndex {
    this.builtRefIndex ??= new RetrievalIndex(
      this.refs.map((r) => r.entry),
      this.matcher.segmenter,
      this.knowledge.matcher.fuzzyToken,
      this.matcher.facets,
      this.knowledge.matcher.facetShare,
    );
    return this.builtRefIndex;
  }

  search(raw: string, options: SearchOptions = {}): SearchResponse {
    const limit = Math.max(1, Math.min(MAX_LIMIT, options.limit ?? DEFAULT_LIMIT));
    // Before masking: 0750-6102028 is the Xinhui office line, not a citizen's number.
    const normalized = normalize(readPhoneNumbers(raw, this.offices));
    const text = this.matcher.segmenter.fixTypos(normalized.text);
    const tokens = this.matcher.segmenter.tokens(text);
    const filter = options.region;
    const response: SearchResponse = {
      query: normalized.masked,
      tokens,
      ...(filter ? { region: { id: filter, name: regionName(this.knowledge, filter) } } : {}),
      results: [],
    };
    if (text.replace(/ /g, '') === '') return response;

    const entities = this.matcher.entities.extract(text, options.now ?? new Date());
    const named = entities.regions.map((r) => r.id);
    const places = named.filter((id) => id !== 'national');
    // Rules of the filter region, else of the most specific place the query names.
    const policyRegion =
      filter ??
      entities.insuredRegion ??
      places[places.length - 1] ??
      (named.length > 0 ? 'national' : undefined);
    // Staff searches are in our domain by definition: no anchor word needed (新会 电话), and
    // no coverage discount (a phone number or a place name alone is a fine staff query).
    const ctx = { policyRegion, anchored: true, coverage: 1 };
    const query = this.matcher.index.correct(tokens);
    const facets = this.matcher.facets.detect(text.replace(/ /g, ''));

    const scored: Scored[] = [
      ...rank(this.knowledge, this.matcher.index.search(query, text, facets), ctx).map((candidate) => ({
        candidate,
      })),
      ...rank(this.refKnowledge, this.refIndex.search(query, text, facets), ctx).map((candidate) => ({
        candidate,
        ref: this.refs[candidate.features.entryIndex],
      })),
    ];
    const floor = this.knowledge.matcher.floor;
    const answerRegions = [...new Set([...(filter ? [filter] : []), ...named])];
    response.results = scored
      .filter((s) => s.candidate.score >= floor && s.candidate.features.matched.some(meaningful))
      .filter((s) => !filter || this.inRegion(s.candidate.entry.region, filter))
      .sort(
        (a, b) =>
          b.candidate.score - a.candidate.score || a.candidate.entry.id.localeCompare(b.candidate.entry.id),
      )
      .slice(0, limit)
      .map((s) => this.result(s, answerRegions));
    return response;
  }

  /** Every spelling of the matched canonical tokens to highlight (备案 → 备案, 登记备案, 报备 …). */
  spellings(matched: string[]): string[] {
    return [...new Set(matched.flatMap((t) => [...(this.surfaces.get(t) ?? [t])]))];
  }

  /**
   * A result for `filter`: the region itself, a place inside it, or a region enclosing it
   * (新会区 → 新会区, 江门市, 广东省 and national; 江门市 → also its districts). The national
   * filter keeps the national rules only (no filter at all is "every region").
   */
  private inRegion(entryRegion: string, filter: string): boolean {
    if (filter === 'national') return entryRegion === 'national';
    return (
      this.knowledge.regions.within(filter, entryRegion) || this.knowledge.regions.within(entryRegion, filter)
    );
  }

  private result({ candidate, ref }: Scored, regions: string[]): SearchResult {
    const k = this.knowledge;
    const entry = candidate.entry;
    const matched = [...new Set(candidate.features.matched.filter(meaningful))];
    const terms = this.spellings(matched);
    const answer = ref ? ref.answer : composeAnswer(k, entry, { regions }, candidate.score).text;
    const related = (ref ? ref.related : entry.related)
      .map((id) => k.entryById.get(id))
      .filter((e): e is FaqEntry => Boolean(e))
      .map((e) => ({ id: e.id, question: e.question }));
    return {
      kind: ref ? ref.kind : 'faq',
      id: entry.id,
      question: entry.question,
      answer,
      sources: this.quotes(ref ? [ref.source] : entry.sources, entry.region),
      region: { id: entry.region, name: regionName(k, entry.region) },
      related,
      score: Number(candidate.score.toFixed(4)),
      matched,
      // The snippet shows the answer itself; the source line (always last) is in `sources`.
      highlight: {
        question: highlight(entry.question, terms),
        snippet: snippet(
          answer.lastIndexOf('\n') > 0 ? answer.slice(0, answer.lastIndexOf('\n')) : answer,
          terms,
        ),
      },
      ...(ref?.phone ? { phone: ref.phone } : {}),
      ...(ref?.channel ? { channel: ref.channel } : {}),
    };
  }

  /** Each citation with its document's title, date and region (as the bot's source line names it), and the locating quote. */
  private quotes(citations: Citation[], entryRegion: string): SourceQuote[] {
    const out: SourceQuote[] = [];
    for (const c of citations) {
      const doc = this.knowledge.sources.get(c.doc);
      if (!doc) continue;
      out.push({
        doc: doc.id,
        title: doc.title,
        date: doc.date,
        region: regionName(this.knowledge, citedRegion(this.knowledge, doc, entryRegion, c)),
        quote: c.quote,
      });
    }
    return out;
  }
}
