// What one conversation remembers between turns (stored in ConversationState): the facts
// told so far, the options offered last, and the topic of the last questions.
import type { Facts } from '../rules/facts.js';

export interface ConversationMemory {
  facts: Facts;
  /** Entry ids offered in the last "did you mean" (the user may answer 1/2/3). */
  pendingChoices?: string[];
  /** Entry ids offered as follow-up suggestions after the last answer. */
  pendingSuggestions?: string[];
  /** Labels of the next steps offered after a dialog's conclusion (dialogs.yaml · nextSteps). */
  pendingNextSteps?: string[];
  /** The dialog that gave the last conclusion: a follow-up ("最晚啥时候") is answered from it. */
  concludedDialog?: string;
  /** The conversation has been about out-of-region care (relaxes the domain check). */
  inDomain?: boolean;
  lastIntent?: string;
  /** Salient words of the last in-domain messages, so a follow-up inherits their topic. */
  contextTokens?: string[];
}

export const emptyMemory = (): ConversationMemory => ({ facts: {} });
