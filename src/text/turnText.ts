// One user message, prepared once per turn: the cleaned text, its normalized form, its
// compact form and its script. The bot, the dialog router, the FAQ responder, the matcher
// and the turn log all read this instead of normalizing the same text again (issue 14: the
// same text was normalized 4–5 times a turn). Each form is computed on first use, once.
import { cleanText, compact, isTraditional, type Normalized, normalize } from './normalize.js';

export class TurnText {
  private normalizedForm?: Normalized;
  private compactForm?: string;
  private normalizedCompactForm?: string;
  private traditionalForm?: boolean;

  /** `raw` is the message as it came; `cleaned` is what the bot works with (cleanText, trimmed). */
  private constructor(
    readonly raw: string,
    readonly cleaned: string,
  ) {}

  /** The message as a channel delivered it. */
  static fromRaw(raw: string): TurnText {
    return new TurnText(raw, cleanText(raw).trim());
  }

  /** A text the bot chose to answer instead (a next step's question, the question after a greeting). */
  static of(text: string): TurnText {
    return new TurnText(text, text);
  }

  /** normalize(cleaned): masked, simplified, sentences (src/text/normalize.ts). */
  get normalized(): Normalized {
    this.normalizedForm ??= normalize(this.cleaned);
    return this.normalizedForm;
  }

  /** compact(cleaned): what cue-word checks compare (punctuation and spaces gone, Simplified). */
  get compact(): string {
    this.compactForm ??= compact(this.cleaned);
    return this.compactForm;
  }

  /** compact of the normalized text: numbers masked away (interruption words are compared so). */
  get normalizedCompact(): string {
    this.normalizedCompactForm ??= compact(this.normalized.text);
    return this.normalizedCompactForm;
  }

  /** The user writes Traditional characters (replies go back in Traditional). */
  get traditional(): boolean {
    this.traditionalForm ??= isTraditional(this.cleaned);
    return this.traditionalForm;
  }
}

/** A text given either as a string or already prepared. */
export type TextInput = string | TurnText;

export const prepared = (input: TextInput): TurnText =>
  typeof input === 'string' ? TurnText.of(input) : input;

export const textOf = (input: TextInput): string => (typeof input === 'string' ? input : input.cleaned);
