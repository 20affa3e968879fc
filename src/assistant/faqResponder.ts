// One FAQ turn without any bot framework: pick a numbered option offered last time, or run
// the matcher and answer / offer "did you mean" / fall back. Dialog routing happens in the
// bot; this module only answers questions.
import { composeAnswer } from '../answers/compose.js';
import type { Reply } from '../answers/reply.js';
import { uncoveredPlaceText } from '../answers/uncoveredPlace.js';
import type { FaqEntry, Knowledge } from '../knowledge/types.js';
import type { MatchContext, Matcher, MatchResult } from '../matcher/index.js';
import { mergeFacts, regionsOf } from '../rules/facts.js';
import { optionNumber } from '../text/optionNumber.js';
import { type TextInput, textOf } from '../text/turnText.js';
import { optionsAgain } from './basics/optionsAgain.js';
import type { ConversationMemory } from './conversationMemory.js';
import { groupFit } from './groupFit.js';
import type { MatchCache } from './matchCache.js';

export interface FaqTurn {
  replies: Reply[];
  memory: ConversationMemory;
  match?: MatchResult;
  /** The entry answered (also when picked by number). */
  entry?: FaqEntry;
}

export class FaqResponder {
  constructor(
    private readonly knowledge: Knowledge,
    private readonly matcher: Matcher,
    /** Repeated questions answered from a bounded cache of match results (src/assistant/matchCache.ts). */
    private readonly cache?: MatchCache,
  ) {}

  private match(input: TextInput, ctx: MatchContext): MatchResult {
    return this.cache ? this.cache.match(input, ctx) : this.matcher.match(input, ctx);
  }

  /** The entry a reply like "1" / "第二个" selects among the options offered last turn. */
  pickOption(text: string, memory: ConversationMemory): FaqEntry | undefined {
    const options = memory.pendingChoices ?? memory.pendingSuggestions;
    if (!options || options.length === 0) return undefined;
    const n = optionNumber(text);
    const id = n !== undefined ? options[n - 1] : undefined;
    return id ? this.knowledge.entryById.get(id) : undefined;
  }

  /** `input` prepared once for the turn is matched without normalizing it again. */
  respond(input: TextInput, memory: ConversationMemory, now: Date): FaqTurn {
    const text = textOf(input);
    const picked = this.pickOption(text, memory);
    if (picked) return this.answer(picked, 1, { ...memory, pendingChoices: undefined });
    // A number that is not one of the offered choices: show the choices again.
    const choices = (memory.pendingChoices ?? [])
      .map((id) => this.knowledge.entryById.get(id))
      .filter((e): e is FaqEntry => Boolean(e));
    if (choices.length > 0 && optionNumber(text) !== undefined) {
      return { replies: [this.clarifyEntries(choices, 0)], memory };
    }
    // The same for a number beyond the follow-up suggestions: "请回复 1–3 中的数字" and the list.
    const offered = (memory.pendingSuggestions ?? [])
      .map((id) => this.knowledge.entryById.get(id))
      .filter((e): e is FaqEntry => Boolean(e));
    if (choices.length === 0 && offered.length > 0 && optionNumber(text) !== undefined) {
      return { replies: [this.outOfRange(offered)], memory };
    }

    const facts = memory.facts;
    const ctx = {
      now,
      knownRegion:
        facts.insuredRegion ?? facts.namedRegions?.[0] ?? (facts.national ? 'national' : undefined),
      inDomain: memory.inDomain,
      contextTokens: memory.contextTokens,
    };
    let match = this.match(input, ctx);
    // "新会呢？" after a question: ask the last question again for the place just named.
    const last = memory.lastIntent ? this.knowledge.entryById.get(memory.lastIntent) : undefined;
    if (match.placeOnly && last) {
      match = this.match(`${text} ${this.matcher.withoutPlaces(last.question)}`, ctx);
    }
    const next: ConversationMemory = {
      ...memory,
      facts: mergeFacts(facts, match.entities),
      pendingChoices: undefined,
      // Keep the words of the last two in-domain messages as context for a follow-up.
      contextTokens: match.anchored
        ? [...new Set([...match.salient, ...(memory.contextTokens ?? [])])].slice(0, 12)
        : memory.contextTokens,
    };
    if (match.decision === 'answer' && match.answers.length > 0) {
      const named = match.entities.regions.map((r) => r.id);
      // An entry for the other group of filers gives way to one for the person's group.
      const answers = match.answers.map((c) => groupFit(this.knowledge, next.facts, c, match.candidates));
      const turns = answers.map((c, i) =>
        this.answer(c.entry, c.score, next, named, i === 0 ? match.runnerUp?.entry : undefined),
      );
      const last = turns[turns.length - 1] as FaqTurn;
      return { replies: turns.flatMap((t) => t.replies), memory: last.memory, entry: turns[0]?.entry, match };
    }
    if (match.decision === 'clarify') {
      return {
        replies: [this.clarify(match)],
        memory: {
          ...next,
          pendingChoices: match.choices.map((c) => c.entry.id),
          pendingSuggestions: undefined,
        },
        match,
      };
    }
    return { replies: [this.fallback(match)], memory: { ...next, pendingSuggestions: undefined }, match };
  }

  /** `named`: places named in this very message; they win over what earlier turns said. */
  answer(
    entry: FaqEntry,
    confidence: number,
    memory: ConversationMemory,
    named: string[] = [],
    runnerUp?: FaqEntry,
  ): FaqTurn {
    const regions = named.length > 0 ? named : regionsOf(memory.facts);
    const insuredRegion = memory.facts.insuredRegion;
    const reply = composeAnswer(this.knowledge, entry, { regions, insuredRegion }, confidence);
    if (runnerUp && runnerUp.id !== entry.id) {
      reply.meta.suggestions = [
        runnerUp.question,
        ...reply.meta.suggestions.filter((q) => q !== runnerUp.question),
      ].slice(0, 3);
    }
    reply.meta.askFeedback = true;
    const offered = reply.meta.suggestions
      .map((q) => this.knowledge.entries.find((e) => e.question === q)?.id)
      .filter((id): id is string => Boolean(id));
    return {
      replies: [reply],
      entry,
      memory: {
        ...memory,
        inDomain: true,
        lastIntent: entry.id,
        pendingSuggestions: offered,
      },
    };
  }

  private outOfRange(entries: FaqEntry[]): Reply {
    return optionsAgain(
      this.knowledge.messages,
      entries.map((e) => e.question),
      'option-out-of-range',
    );
  }

  /**
   * The starter questions with the entries they lead to, so a number picks one after a
   * welcome or greeting (a starter the matcher cannot place is left out of the numbering).
   */
  starterOptions(now: Date): { questions: string[]; ids: string[] } {
    const questions: string[] = [];
    const ids: string[] = [];
    for (const q of this.starterQuestions()) {
      const m = this.match(q, { now });
      const id = m.decision === 'answer' ? m.answers[0]?.entry.id : undefined;
      if (!id) continue;
      questions.push(q);
      ids.push(id);
    }
    return { questions, ids };
  }

  private clarify(match: MatchResult): Reply {
    return this.clarifyEntries(
      match.choices.map((c) => c.entry),
      match.choices[0]?.score ?? 0,
    );
  }

  private clarifyEntries(entries: FaqEntry[], confidence: number): Reply {
    const m = this.knowledge.messages;
    const questions = entries.map((e) => e.question);
    const lines = [m.didYouMean, ...questions.map((q, i) => `${i + 1}. ${q}`), m.didYouMeanHint];
    return {
      text: lines.filter(Boolean).join('\n'),
      meta: {
        kind: 'clarify',
        intent: 'clarify',
        confidence,
        fallback: false,
        sources: [],
        suggestions: questions,
      },
    };
  }

  fallback(match?: MatchResult): Reply {
    const topic = match?.outOfScope;
    const place = match?.uncoveredPlace;
    const text = place
      ? uncoveredPlaceText(this.knowledge, place)
      : topic
        ? `${topic.reply}\n${this.knowledge.messages.fallbackTail}`
        : this.knowledge.messages.fallback;
    return {
      text,
      meta: {
        kind: 'fallback',
        intent: place ? 'fallback:uncovered-place' : topic ? `fallback:${topic.id}` : 'fallback',
        confidence: match?.candidates[0]?.score ?? 0,
        fallback: true,
        sources: [],
        suggestions: this.starterQuestions(),
      },
    };
  }

  /** A few questions that show what the assistant covers (from messages.yaml). */
  starterQuestions(): string[] {
    return [...this.knowledge.messages.starters];
  }
}
