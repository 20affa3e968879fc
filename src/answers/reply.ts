// What the bot says in one message, independent of any channel.
export interface SourceRef {
  id: string;
  title: string;
  date: string;
  region: string;
}

export type ReplyKind = 'answer' | 'clarify' | 'fallback' | 'dialog' | 'welcome' | 'system';

export interface ReplyMeta {
  kind: ReplyKind;
  /** FAQ entry id, 'dialog:<id>', 'clarify', 'fallback' or 'fallback:<out-of-scope topic>'. */
  intent: string;
  confidence: number;
  /** True exactly when the assistant could not answer. */
  fallback: boolean;
  sources: SourceRef[];
  /** Follow-up questions (or did-you-mean choices), offered as buttons or numbered options. */
  suggestions: string[];
  /** A reply acknowledging feedback: the verdict and the intent judged (the previous answer's). */
  feedback?: { rating: 'helpful' | 'unhelpful'; intent: string };
  /** Offer 有用 / 没用 buttons under this reply (FAQ answers only, never dialog prompts). */
  askFeedback?: boolean;
  /** Phone numbers to offer as call buttons where the channel can (the human route). */
  calls?: Array<{ label: string; number: string }>;
}

export interface Reply {
  text: string;
  meta: ReplyMeta;
}
