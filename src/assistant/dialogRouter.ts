// When a message is about the user's own situation, which dialog should take it; and when
// it only states facts ("我是江门新会的"), acknowledge them instead of guessing a question.
import type { Knowledge } from '../knowledge/types.js';
import { compact } from '../text/normalize.js';
import { prepared, type TextInput } from '../text/turnText.js';
import type { ConversationMemory } from './conversationMemory.js';
import type { FaqTurn } from './faqResponder.js';

export class DialogRouter {
  private readonly cues: string[];
  private readonly questionWords: string[];
  private readonly notQuestionForms: string[];
  private readonly triggers: Array<{ dialog: string; phrases: string[] }>;
  private readonly yesNoEndings: string[];
  private readonly particles: string[];
  private readonly beforeAdmission: { from: string[]; to: string };
  private readonly dialogFloor: number;

  constructor(knowledge: Knowledge) {
    const d = knowledge.dialogTexts;
    this.cues = d.personalCues.map(compact);
    this.questionWords = d.questionWords.map((w) => w.trim()).filter(Boolean);
    this.notQuestionForms = d.notQuestionForms.map((w) => w.trim()).filter(Boolean);
    this.triggers = d.dialogs.map((x) => ({ dialog: x.id, phrases: x.triggers.map(compact) }));
    this.yesNoEndings = knowledge.lexicon.yesNoEndings.map(compact);
    this.particles = knowledge.lexicon.trailingParticles.map(compact);
    this.beforeAdmission = knowledge.dialogTexts.beforeAdmissionDialogs;
    this.dialogFloor = knowledge.matcher.dialogFloor;
  }

  isQuestion(raw: TextInput): boolean {
    const n = prepared(raw).normalized;
    // 前几年 / 好几天 tell, they do not ask: drop such forms before looking for a question word.
    const said = this.notQuestionForms.reduce((t, f) => t.split(f).join(' '), n.masked);
    if (this.questionWords.some((w) => said.includes(w))) return true;
    return n.sentences.some((s) => this.isYesNo(s.replace(/ /g, '')));
  }

  /** 能办不 / 有人接不 / 办好了没 / 报不报: a yes/no question without 吗. */
  private isYesNo(clause: string): boolean {
    // A-not-A (报不报, 行没行) is a question whatever the verb.
    if (/(\p{Script=Han})[不没]\1/u.test(clause)) return true;
    let c = clause;
    for (let cut = true; cut; ) {
      cut = false;
      for (const p of this.particles)
        if (c.length > p.length && c.endsWith(p)) {
          c = c.slice(0, -p.length);
          cut = true;
        }
    }
    return Array.from(c).length >= 3 && this.yesNoEndings.some((e) => c.endsWith(e));
  }

  isPersonal(raw: TextInput): boolean {
    const t = prepared(raw).compact;
    return this.cues.some((c) => t.includes(c));
  }

  /** The dialog a message asks for, by its wording (first listed dialog wins). */
  triggered(raw: TextInput): string | undefined {
    const t = prepared(raw).compact;
    return this.triggers.find((x) => x.phrases.some((p) => t.includes(p)))?.dialog;
  }

  /**
   * A dialog starts when the user, in our domain, talks about their own situation and
   * either asks for it in so many words (我属于哪一类 / 还能补吗), or asks something no FAQ
   * entry answers confidently whose best candidate names a dialog.
   */
  route(input: TextInput, turn: FaqTurn, before: ConversationMemory): string | undefined {
    const picked = this.pick(input, turn, before);
    // Not yet admitted: no in-hospital or after-discharge dialog (dialogs.yaml beforeAdmissionDialogs).
    const notYet =
      turn.match?.entities.beforeAdmission === true || turn.memory.facts.beforeAdmission === true;
    if (!picked || !notYet || !this.beforeAdmission.from.includes(picked)) return picked;
    return this.isQuestion(input) ? this.beforeAdmission.to : undefined;
  }

  private pick(input: TextInput, turn: FaqTurn, before: ConversationMemory): string | undefined {
    const raw = prepared(input);
    const match = turn.match;
    // About the user: said so now (我/我妈 …), or they told us their situation earlier.
    const f = before.facts;
    // A situation told without 我 ("江门新会参保，在长沙住院，前天出院了") is personal too.
    const m = match?.entities;
    const toldOwnCase =
      m?.insuredRegion !== undefined &&
      (m.dischargeStatus !== undefined || m.admissionDate !== undefined || m.categoryHints.length > 0);
    const personal =
      this.isPersonal(raw) ||
      toldOwnCase ||
      f.insuredRegion !== undefined ||
      (f.categoryHints?.length ?? 0) > 0;
    if (!match || !personal || !(match.anchored || before.inDomain === true)) return undefined;
    const byWording = this.triggered(raw);
    if (byWording) return byWording;
    if (match.decision === 'answer') return undefined;
    const e = match.entities;
    const statesSituation =
      e.insuredRegion !== undefined ||
      e.categoryHints.length > 0 ||
      e.admissionDate !== undefined ||
      e.dischargeStatus !== undefined;
    // A weak best guess (a story with no question, 0.14 for 补办) names no case: matcher.yaml dialogFloor.
    const bestCandidate = match.choices[0] ?? match.candidates[0];
    if (!bestCandidate || bestCandidate.score < this.dialogFloor) return undefined;
    return bestCandidate.entry.dialog && statesSituation ? bestCandidate.entry.dialog : undefined;
  }

  /** Facts but no question, and nothing confident to answer: note them and invite a question. */
  shouldAcknowledge(raw: TextInput, turn: FaqTurn): boolean {
    if (this.isQuestion(raw) || turn.match?.decision === 'answer' || !turn.match) return false;
    const e = turn.match.entities;
    if (!turn.match.anchored && !e.regions.some((r) => r.id !== 'national')) return false;
    return (
      e.regions.some((r) => r.id !== 'national') ||
      e.categoryHints.length > 0 ||
      e.durationMonths !== undefined ||
      e.beforeAdmission === true ||
      e.admissionDate !== undefined ||
      e.dischargeStatus !== undefined
    );
  }
}
