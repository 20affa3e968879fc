// The replies of the conversation basics (texts in messages.yaml · basics): small talk, the
// way to a person (12333, the insured place's phones, a case summary to read out), feedback,
// personal numbers, a foreign-language message and an unknown menu item.
import { regionName } from '../../answers/compose.js';
import { fill } from '../../answers/fill.js';
import type { OutcomeRenderer } from '../../answers/outcomes.js';
import { jiangmenPhones } from '../../answers/phones.js';
import type { Reply, ReplyKind, ReplyMeta } from '../../answers/reply.js';
import type { Knowledge } from '../../knowledge/types.js';
import type { ConversationMemory } from '../conversationMemory.js';
import type { SlotFiller } from '../slots.js';
import type { Rating, SmallTalk } from './cues.js';

const HOTLINE = '12333';
/** The reply to a menu key the knowledge does not know (channels log a warning on it). */
export const UNKNOWN_MENU_INTENT = 'menu:unknown';

function reply(
  text: string,
  intent: string,
  extra: Partial<ReplyMeta> = {},
  kind: ReplyKind = 'system',
): Reply {
  return {
    text,
    meta: { kind, intent, confidence: 1, fallback: false, sources: [], suggestions: [], ...extra },
  };
}

export class BasicReplies {
  constructor(
    private readonly knowledge: Knowledge,
    private readonly renderer: OutcomeRenderer,
    private readonly slots: SlotFiller,
  ) {}

  private get texts() {
    return this.knowledge.messages.basics;
  }

  /** A greeting offers example questions (buttons; numbered on WeChat, so "1" picks one). */
  smallTalk(kind: SmallTalk, examples: string[]): Reply {
    if (kind === 'greeting')
      return reply(this.texts.greeting, 'smalltalk:greeting', { suggestions: examples }, 'welcome');
    return reply(this.texts[kind], `smalltalk:${kind}`);
  }

  /**
   * 12333; for a known insured place its phone numbers and hours (Jiangmen's table) or its
   * insurance office; and what to tell the person on the phone, from the remembered facts.
   */
  human(memory: ConversationMemory): Reply {
    const t = this.texts;
    const lines = [t.human];
    const region = this.slots.policyRegion(memory.facts);
    const regions = this.knowledge.regions;
    if (region && region !== 'national') {
      if (regions.within(region, 'jiangmen')) lines.push(jiangmenPhones(this.knowledge, [region]));
      else lines.push(fill(t.humanElsewhere, { place: regionName(this.knowledge, region) }));
    }
    // Facts are words the bot itself wrote (place, category, dates): no personal numbers.
    const facts = this.renderer.describeFacts(memory.facts, region);
    if (facts) lines.push(fill(t.caseSummary, { facts }));
    const last = memory.lastIntent ? this.knowledge.entryById.get(memory.lastIntent) : undefined;
    if (last) lines.push(fill(t.caseQuestion, { question: last.question }));
    return reply(lines.join('\n'), 'human', {
      calls: [{ label: fill(t.callLabel, { label: HOTLINE }), number: HOTLINE }],
    });
  }

  /** Feedback on the answer with intent `judged`: thanks, or an apology and 12333. */
  feedback(rating: Rating, judged: string): Reply {
    const text = rating === 'helpful' ? this.texts.feedbackThanks : this.texts.feedbackSorry;
    return reply(text, `feedback:${rating}`, { feedback: { rating, intent: judged } });
  }

  piiReminder(): Reply {
    return reply(this.texts.piiReminder, 'pii-reminder');
  }

  /** We cannot see personal records: where people check their own filing (status channels). */
  personalLookup(memory: ConversationMemory): Reply {
    const region = this.slots.policyRegion(memory.facts);
    const regions = this.knowledge.regions;
    const lines = [...this.knowledge.channels.values()]
      .filter((c) => c.purposes.includes('status') && c.kind !== 'counter')
      .filter(
        (c) =>
          c.region === 'national' || !region || region === 'national' || regions.within(region, c.region),
      )
      .map((c) => {
        const steps = c.steps ?? [];
        const from = steps.findIndex((s) => s.includes('查'));
        const how = (from >= 0 ? steps.slice(from) : steps.slice(-1))
          .map((s) => s.replace(/^查[^：]*：/, ''))
          .join('，');
        return fill(this.texts.personalChannel, { name: c.name, how });
      });
    return reply(fill(this.texts.personalLookup, { channels: lines.join('\n') }), 'personal-lookup');
  }

  english(example: string): Reply {
    return reply(fill(this.texts.english, { example }), 'foreign-language', { suggestions: [example] });
  }

  unknownMenu(examples: string[]): Reply {
    return reply(this.texts.unknownMenu, UNKNOWN_MENU_INTENT, { suggestions: examples }, 'welcome');
  }
}
