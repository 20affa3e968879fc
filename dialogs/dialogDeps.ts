// What every dialog needs, passed in by the composition root (no globals).
import type { StatePropertyAccessor, TurnContext } from 'botbuilder-core';
import type { OutcomeRenderer } from '../src/answers/outcomes.js';
import type { Reply } from '../src/answers/reply.js';
import type { ConversationMemory } from '../src/assistant/conversationMemory.js';
import type { FaqResponder } from '../src/assistant/faqResponder.js';
import type { SlotFiller } from '../src/assistant/slots.js';
import type { Clock } from '../src/calendar.js';
import type { Knowledge } from '../src/knowledge/types.js';

export interface DialogDeps {
  knowledge: Knowledge;
  faq: FaqResponder;
  slots: SlotFiller;
  renderer: OutcomeRenderer;
  memory: StatePropertyAccessor<ConversationMemory>;
  clock: Clock;
  /** Sends a reply the way the bot sends all replies (Traditional back to Traditional writers). */
  send: (context: TurnContext, reply: Reply) => Promise<void>;
  /** The same reply as an activity, for prompts. */
  toActivity: (context: TurnContext, reply: Reply) => Partial<import('botbuilder').Activity>;
}
