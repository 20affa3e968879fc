// The matcher pipeline: normalize → segment → retrieve → rank → decide.
// Pure: no botbuilder, no I/O. Given a message (and what the conversation already knows),
// it says whether to answer, ask "did you mean 1/2/3", or fall back — and keeps every
// score so curators can see why.
import type { Knowledge, OutOfScopeTopic } from '../knowledge/types.js';
import { compact, type Normalized, normalize } from '../text/normalize.js';
import type { TextInput } from '../text/turnText.js';
import { type Entities, EntityExtractor } from './entities.js';
import { FacetDetector } from './facets.js';
import { officialFirst } from './officialFirst.js';
import { prunedSearch } from './prunedSearch.js';
import { QuestionClause, type StoryParts } from './questionClause.js';
import { type Candidate, type RankContext, rank } from './rank.js';
import { RetrievalIndex } from './retrieve.js';
import { Segmenter } from './segment.js';
import { type UncoveredPlace, uncoveredPlace } from './uncoveredPlace.js';

export type Decision = 'answer' | 'clarify' | 'fallback';

export interface MatchContext {
  now: Date;
  /** Insured region known from earlier turns. */
  knownRegion?: string;
  /** Earlier turns of this conversation were about out-of-region care. */
  inDomain?: boolean;
  /** Salient tokens of earlier turns (a follow-up question inherits their topic). */
  contextTokens?: string[];
  /** Off: judge a verbatim paraphrase like any question (the knowledge self-consistency check). */
  exactParaphrases?: boolean;
}

export interface MatchResult {
  normalized: Normalized;
  tokens: string[];
  entities: Entities;
  /** Region whose rules were preferred (from this message, else from the conversation). */
  policyRegion?: string;
  anchored: boolean;
  coverage: number;
  candidates: Candidate[];
  decision: Decision;
  /** For 'answer': the entry; for 'clarify': the choices offered. */
  top?: Candidate;
  /** For 'answer': every entry answered — more than one when the message asked several things. */
  answers: Candidate[];
  /** A near tie answered anyway: the runner-up, offered first among the suggestions. */
  runnerUp?: Candidate;
  choices: Candidate[];
  /** Salient tokens of this message, for the next turn's context. */
  salient: string[];
  /** The message names only places ("新会呢？"): an elliptical follow-up to the last question. */
  placeOnly: boolean;
  outOfScope?: OutOfScopeTopic;
  /** A place's own figures or offices, which the documents do not give: a fallback saying so. */
  uncoveredPlace?: UncoveredPlace;
}

export class Matcher {
  readonly segmenter: Segmenter;
  readonly entities: EntityExtractor;
  readonly index: RetrievalIndex;
  readonly facets: FacetDetector;
  /** Long, story-like messages: the question clause (absent when the lexicon lists no cues). */
  readonly questionClause?: QuestionClause;
  private readonly anchors: string[];
  private readonly placeWords: Set<string>;
  /** Names of local channels (粤医保, 河北智慧医保 …) → their region, longest first. */
  private readonly channelRegions: Array<[string, string]>;
  /** Out-of-scope topics' strongPatterns, compiled once. */
  private readonly strongPatterns: Map<string, RegExp[]>;
  /**
   * 'auto': prune when the query's postings are many. 'exhaustive': score every entry sharing a
   * term (the reference the pruned retrieval is tested against). 'pruned': always prune.
   */
  retrieval: 'auto' | 'exhaustive' | 'pruned' = 'auto';

  constructor(readonly knowledge: Knowledge) {
    this.segmenter = new Segmenter(knowledge);
    this.entities = new EntityExtractor(knowledge);
    this.facets = new FacetDetector(knowledge.lexicon.facets);
    this.index = new RetrievalIndex(
      knowledge.entries,
      this.segmenter,
      knowledge.matcher.fuzzyToken,
      this.facets,
      knowledge.matcher.facetShare,
    );
    const story = knowledge.lexicon.story;
    if (story)
      this.questionClause = new QuestionClause(story.questionCues, story.fillers, knowledge.matcher.story);
    this.strongPatterns = new Map(
      knowledge.outOfScope.map((t) => [t.id, t.strongPatterns.map((p) => new RegExp(p, 'u'))]),
    );
    this.anchors = knowledge.lexicon.domainAnchors.map((a) => compact(a));
    this.placeWords = new Set<string>();
    for (const r of knowledge.regions.values()) {
      this.placeWords.add(r.name);
      for (const a of r.aliases) this.placeWords.add(a);
    }
    this.channelRegions = [...knowledge.channels.values()]
      .filter((c) => c.region && c.region !== 'national')
      .flatMap((c) => [c.name, ...c.aliases].map((n): [string, string] => [compact(n), c.region as string]))
      .sort((a, b) => b[0].length - a[0].length);
  }

  /** A message as a string, or prepared once for the turn (src/text/turnText.ts: not normalized again). */
  match(input: TextInput, ctx: MatchContext): MatchResult {
    const turnText = typeof input === 'string' ? undefined : input;
    const raw = turnText?.cleaned ?? (input as string);
    const normalized = turnText?.normalized ?? normalize(raw);
    const text = this.segmenter.fixTypos(normalized.text);
    const tokens = this.segmenter.tokens(text);
    const entities = this.entities.extract(text, ctx.now);
    const policyRegion = this.policyRegion(entities) ?? ctx.knownRegion;
    const flat = text.replace(/ /g, '');
    // A long story: its question clause is the query, the rest of the story only context.
    const story = this.questionClause?.split(raw);
    // A strong term (养老保险, 社保卡丢了) makes the message that topic even beside domain words.
    // In a story only the question clause can make it another topic (治疗 in the story, 报销 asked).
    const asked = story ? story.question : flat;
    const strongTopic = this.knowledge.outOfScope.find(
      (t) =>
        t.strongTerms.some((term) => asked.includes(compact(term))) ||
        this.strongPatterns.get(t.id)?.some((re) => re.test(asked)),
    );
    const outOfScope =
      strongTopic ??
      this.knowledge.outOfScope.find((t) => t.terms.some((term) => asked.includes(compact(term))));
    let anchored = this.isAnchored(flat, entities) || ctx.inDomain === true;
    const unknownPlace = strongTopic ? undefined : uncoveredPlace(this.knowledge, flat, entities, anchored);
    const offTopic =
      (outOfScope !== undefined && !anchored) || strongTopic !== undefined || unknownPlace !== undefined;
    // A question about a place we have no documents for, with no out-of-region wording
    // (东莞社保住院报销比例), is about that place's local policy: not ours to answer.
    const localElsewhere =
      !anchored && policyRegion !== undefined && !this.knowledge.regions.get(policyRegion)?.covered;
    const coverage = this.coverage(tokens, text, outOfScope !== undefined) * (localElsewhere ? 0.5 : 1);
    // A keyword query naming a place we have documents for, in nothing but our vocabulary
    // (江门 第三类 申请表, 江门 市直 咨询), is about that place's filing rules.
    if (
      !anchored &&
      outOfScope === undefined &&
      policyRegion !== undefined &&
      this.isCovered(policyRegion) &&
      coverage >= this.knowledge.matcher.placeAnchorCoverage &&
      // …with a word of ours besides the place (我是邢台参保的 only states the place).
      tokens.some((t) => t.length >= 2 && !this.placeWords.has(t) && this.index.knows(t)) &&
      // A place's own figures (深圳医保门诊大病起付线) are its local policy, not out-of-region care.
      !(this.knowledge.uncoveredPlaces?.figureCues ?? []).some((c) => flat.includes(compact(c)))
    )
      anchored = true;
    const contextWeight = this.knowledge.matcher.contextWeight;
    const context = new Map((ctx.contextTokens ?? []).map((t) => [t, contextWeight]));
    const query = story ? this.storyQuery(story, context) : { tokens, text };
    // A local channel named without a place (粤医保 查 备案状态) ranks that region's entries first;
    // it says nothing about where the user is insured, so it is used for ranking only.
    const rankRegion = policyRegion ?? this.channelRegions.find(([n]) => flat.includes(n))?.[1];
    const candidates = this.rankTokens(query.tokens, context, query.text, {
      policyRegion: rankRegion,
      anchored,
      coverage,
    });
    let decision = this.decide(candidates, offTopic);
    // "Did you mean" is for questions in our domain; a weak match to an unrelated message is
    // a fallback (缴费、新生儿参保、户口迁移 … share words with us but are not ours).
    if (decision.decision === 'clarify' && !anchored)
      decision = { decision: 'fallback', answers: [], choices: [] };
    // A curator who added this very question as a paraphrase expects it answered.
    const exact =
      ctx.exactParaphrases === false
        ? undefined
        : this.exactAnswer(turnText?.compact ?? compact(raw), candidates);
    if (exact) decision = { decision: 'answer', top: exact, answers: [exact], choices: [] };

    // Several questions in one message (…属于哪一类？要带什么材料？电话多少？): answer each.
    if (!offTopic && normalized.sentences.length > 1) {
      const whole = new Map(context);
      for (const t of tokens) whole.set(t, Math.max(whole.get(t) ?? 0, contextWeight));
      const parts: Candidate[] = [];
      for (const sentence of normalized.sentences) {
        // In a story only the sentences that ask something are questions of their own.
        if (story && !this.questionClause?.asks(sentence)) continue;
        const sText = this.segmenter.fixTypos(sentence);
        const sTokens = this.segmenter.tokens(sText);
        if (sTokens.length === 0) continue;
        const ranked = this.rankTokens(sTokens, whole, sText, {
          policyRegion: rankRegion,
          anchored,
          coverage: this.coverage(sTokens, sText, false),
        });
        const d = this.decide(ranked, false);
        if (d.decision === 'answer' && d.top && !parts.some((p) => p.entry.id === d.top?.entry.id))
          parts.push(d.top);
      }
      if (parts.length > 1 || (parts.length === 1 && decision.decision !== 'answer')) {
        const answers = (
          decision.top && !parts.some((p) => p.entry.id === decision.top?.entry.id)
            ? [decision.top, ...parts]
            : parts
        ).slice(0, this.knowledge.matcher.maxAnswers);
        decision = { decision: 'answer', top: answers[0], answers, choices: [] };
      }
    }
    if (decision.decision === 'answer' && decision.answers.length > 0) {
      const answers = officialFirst(this.knowledge, decision.answers, candidates, rankRegion);
      if (answers !== decision.answers) decision = { ...decision, top: answers[0], answers };
    }
    const salient = this.salient(tokens);
    const placeOnly = tokens.length > 0 && tokens.every((t) => this.placeWords.has(t));
    return {
      placeOnly,
      normalized,
      tokens,
      entities,
      policyRegion,
      anchored,
      coverage,
      candidates,
      outOfScope,
      uncoveredPlace: unknownPlace,
      salient,
      ...decision,
    };
  }

  private rankTokens(
    tokens: string[],
    context: Map<string, number>,
    text: string,
    rc: RankContext,
  ): Candidate[] {
    const query = this.index.correct(tokens, context);
    if (query.fuzzy.size > 0) rc = { ...rc, coverage: Math.min(1, rc.coverage + 0.2 * query.fuzzy.size) };
    const facets = this.facets.detect(text.replace(/ /g, ''));
    const top = this.knowledge.matcher.retrieveTop;
    const features =
      this.retrieval === 'exhaustive'
        ? this.index.search(query, text, facets)
        : prunedSearch(this.knowledge, this.index, query, text, facets, rc, top, this.retrieval === 'pruned');
    return rank(this.knowledge, features, rc).slice(0, top);
  }

  /**
   * Query of a story: the question clause's tokens; the story's other tokens join the
   * context (at `story.weight` unless the conversation already weighs them more).
   */
  private storyQuery(story: StoryParts, context: Map<string, number>): { tokens: string[]; text: string } {
    const text = this.segmenter.fixTypos(normalize(story.question).text);
    const weight = this.knowledge.matcher.story.weight;
    for (const t of this.segmenter.tokens(this.segmenter.fixTypos(normalize(story.story).text)))
      context.set(t, Math.max(context.get(t) ?? 0, weight));
    return { tokens: this.segmenter.tokens(text), text };
  }

  /** The candidate (or a fresh one) whose entry has this very text as question or paraphrase. */
  private exactAnswer(compacted: string, candidates: Candidate[]): Candidate | undefined {
    const i = this.index.exact(compacted);
    if (i === undefined) return undefined;
    const entry = this.knowledge.entries[i];
    if (!entry) return undefined;
    const ranked = candidates.find((c) => c.entry.id === entry.id);
    if (ranked) return ranked;
    return {
      entry,
      score: 1,
      regionEffect: 0,
      features: { entryIndex: i, overlap: 1, bm25: 1, chars: 1, matched: [], bestUtterance: compacted },
    };
  }

  /** A question with every place name removed (to re-ask it for another place). */
  withoutPlaces(text: string): string {
    let out = text;
    for (const p of [...this.placeWords].sort((a, b) => b.length - a.length))
      if (out.includes(p)) out = out.split(p).join('');
    return out;
  }

  /** The most informative known tokens of a message (kept as context for follow-ups). */
  private salient(tokens: string[]): string[] {
    return [...new Set(tokens)]
      .filter((t) => this.index.knows(t) && t.length >= 2)
      .sort((a, b) => this.index.idf(b) - this.index.idf(a))
      .slice(0, 8);
  }

  private decide(
    candidates: Candidate[],
    offTopic: boolean,
  ): Pick<MatchResult, 'decision' | 'top' | 'answers' | 'choices' | 'runnerUp'> {
    const s = this.knowledge.matcher;
    const [first, second] = candidates;
    if (!first || offTopic || first.score < s.floor)
      return { decision: 'fallback', answers: [], choices: [] };
    const lead = first.score - (second?.score ?? 0);
    // Clearly ahead, or strong enough that a near tie is two facets of one answer (the
    // runner-up is then offered first among the follow-up suggestions).
    // Entries the curators linked as related are facets of one topic: a near tie between
    // them is answered with the leader (the other is offered as a follow-up).
    const linked =
      second !== undefined &&
      (first.entry.related.includes(second.entry.id) || second.entry.related.includes(first.entry.id));
    if (first.score >= s.confident && (lead >= s.margin || first.score >= s.strong || linked)) {
      const runnerUp = lead < s.margin ? second : undefined;
      return { decision: 'answer', top: first, answers: [first], choices: [], runnerUp };
    }
    const choices = candidates
      .filter((c) => first.score - c.score <= s.suggestSpread)
      .slice(0, s.maxSuggestions);
    if (choices.length === 1 && first.score >= s.confident)
      return { decision: 'answer', top: first, answers: [first], choices: [] };
    // A did-you-mean with one option is a question the user cannot really answer: the
    // single weak candidate is answered when close to confident, else the fallback.
    if (choices.length < s.minSuggestions)
      return first.score >= s.confident - s.margin
        ? { decision: 'answer', top: first, answers: [first], choices: [] }
        : { decision: 'fallback', answers: [], choices: [] };
    return { decision: 'clarify', answers: [], choices };
  }

  /** The insured region stated, else a covered region named without a role (江门 台山 电话). */
  private policyRegion(e: Entities): string | undefined {
    if (e.insuredRegion && e.insuredRegion !== 'national') return e.insuredRegion;
    const named = e.regions.filter(
      (r) => r.role === 'unknown' && r.id !== 'national' && this.isCovered(r.id),
    );
    if (named.length > 0) return named[named.length - 1]?.id;
    // "按国家规定 / 跨省" with no place of its own: the national rules are asked for.
    return e.regions.some((r) => r.id === 'national') ? 'national' : undefined;
  }

  private isCovered(id: string): boolean {
    return this.knowledge.regions.covered(id);
  }

  /** About our domain: a domain word, or two different places (insured vs. treated). */
  private isAnchored(flat: string, e: Entities): boolean {
    if (this.anchors.some((a) => flat.includes(a))) return true;
    const places = e.regions.map((r) => r.id);
    return places.some((a) =>
      places.some((b) => a !== b && !this.entities.isAncestor(a, b) && !this.entities.isAncestor(b, a)),
    );
  }

  /**
   * Share of the message's informative weight that the vocabulary knows. Place names and
   * numbers are neutral; an unknown word counts by how specific it is in general Chinese
   * (听说/信息 barely count, 公积金/护照/心梗 count fully).
   */
  private coverage(tokens: string[], text: string, offTopic: boolean): number {
    const general = this.segmenter.generalIdf(text.replace(/ /g, ''));
    let known = 0;
    let total = offTopic ? this.index.maxIdf : 0;
    for (const t of new Set(tokens)) {
      if (this.placeWords.has(t) || /^\d+$/.test(t)) continue;
      if (this.index.knows(t)) {
        const w = this.index.idf(t);
        known += w;
        total += w;
        continue;
      }
      const g = general.get(t);
      if (g === undefined) continue; // single characters and stopwords carry no topic
      total += this.index.maxIdf * Math.min(1.2, Math.max(0, (g - 5.5) / 4.5));
    }
    return total > 0 ? Math.min(1, known / total) : 0;
  }
}

export type { Candidate } from './rank.js';
