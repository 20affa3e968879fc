// The turn's message, prepared once (src/text/turnText.ts) and kept in the turn state: the
// turn log (which runs first) and the bot read the same object, so neither normalizes again.
import type { TurnContext } from 'botbuilder-core';
import { TurnText } from '../text/turnText.js';

const PREPARED = Symbol('turnText');

/** The message of this turn as prepared text (built on first call from the activity's text). */
export function turnTextOf(context: TurnContext): TurnText {
  const raw = typeof context.activity.text === 'string' ? context.activity.text : '';
  const kept = context.turnState.get(PREPARED) as TurnText | undefined;
  if (kept && (kept.raw === raw || kept.cleaned === raw)) return kept;
  const made = TurnText.fromRaw(raw);
  context.turnState.set(PREPARED, made);
  return made;
}
