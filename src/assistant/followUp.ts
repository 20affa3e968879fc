// A short follow-up after a conclusion ("这个还能报吗", "最晚啥时候", "那要带啥", "在哪办",
// "咋整") belongs to the case just concluded: the dialog its words name (dialogs.yaml
// followUps) answers it from that case's facts, else the dialog that gave the conclusion.
import type { Knowledge } from '../knowledge/types.js';
import { compact } from '../text/normalize.js';
import { prepared, type TextInput } from '../text/turnText.js';
import type { ConversationMemory } from './conversationMemory.js';
import type { FaqTurn } from './faqResponder.js';

export function followUpDialog(
  k: Knowledge,
  said: TextInput,
  before: ConversationMemory,
  turn: FaqTurn,
): string | undefined {
  const concluded = before.concludedDialog;
  if (!concluded) return undefined;
  // The turn's prepared text: normalized once per turn, not again here.
  const t = prepared(said).normalizedCompact;
  const says = (cues: string[]) => cues.some((c) => t.includes(compact(c)));
  const f = k.dialogTexts.followUps;
  // "到底听哪个": the conclusion lists the rules and which governs; an FAQ entry knows no case
  // (and "我在网上看…" asks about the rules, not about the speaker's own case).
  if (says(f.conflictCues)) return concluded;
  // Talking about somebody else is a new case, not a follow-up.
  const subject = turn.match?.entities.subject;
  if (subject && before.facts.subject && subject !== before.facts.subject) return undefined;
  // A short follow-up naming no new place ("最晚什么时候") is about the case; otherwise a
  // confident FAQ answer is the better reply.
  const newPlace = (turn.match?.entities.regions ?? []).some((r) => r.id !== 'national');
  const short = Array.from(t).length <= f.shortLength && !newPlace && says(f.cues);
  if (turn.match?.decision === 'answer' && !short) return undefined;
  // "不对 是前天住的院": a corrected fact of the same case is honoured by concluding again.
  const e = turn.match?.entities;
  if (e && (e.admissionDate !== undefined || e.dischargeStatus !== undefined)) return concluded;
  if (!says(f.cues)) return undefined;
  return f.dialogs.find((d) => says(d.cues))?.dialog ?? concluded;
}
