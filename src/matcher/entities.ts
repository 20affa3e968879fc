// Facts a user states about themselves, pulled out of one normalized message: insured and
// treatment regions, person-category hints, durations, admission date, discharge status.
// Shared by the matcher (region bias), the dialogs (slot filling) and the staff lookup.
import { addDays, isValidDate, type LocalDate, makeDate, shanghaiDate } from '../calendar.js';
import type { Knowledge } from '../knowledge/types.js';
import { parseChineseNumber } from '../text/chineseNumber.js';

export type RegionRole = 'insured' | 'treatment' | 'unknown';

export interface RegionMention {
  id: string;
  text: string;
  index: number;
  role: RegionRole;
}

export interface Entities {
  regions: RegionMention[];
  /** Most specific region the user said they are insured in. */
  insuredRegion?: string;
  /** Where the user is (or will be) treated or living. */
  treatmentRegion?: string;
  /** Category ids hinted at, in order of first mention. */
  categoryHints: string[];
  /** Longest stay/posting duration stated, in months (stays in hospital excluded). */
  durationMonths?: number;
  admissionDate?: LocalDate;
  dischargeStatus?: 'in-hospital' | 'discharged';
  /** The user paid the bill themselves at discharge (自费结算 / 自己垫的钱). */
  selfPaid?: boolean;
  /** The stay is called long-term without a number (长期派驻, 一直住, 好几年). */
  statedLongTerm?: boolean;
  /** Already holds a long-term residence filing (已经办了异地长期居住备案). */
  filedLongTerm?: boolean;
  /** Household registration moved (户口迁过来了) or not (户口没迁). */
  householdMoved?: boolean;
  /** Whose situation this is (dialogs.yaml subjectCues): self, father, mother, child, spouse, family. */
  subject?: string;
  /** Not yet admitted (dialogs.yaml stageCues.beforeAdmission), nothing said about a stay. */
  beforeAdmission?: boolean;
}

const NUM = '([0-9]+|[零〇一二两三四五六七八九十百半]+)';
const INSURED_AFTER =
  /^(?:市|区|县|省)?(?:的)?(?:参保|医保|社保|城乡居民|城镇职工|职工|人|户口|户籍|本地|那边参保)/;
const INSURED_BEFORE = /(?:我是|俺是|他是|她是|是|属于|在)$/;
const TREATMENT_BEFORE = /(?:去|到|赴|往|来|转去|转到|转往|派到|派往|派去|住在|在|回到?)$/;
const TREATMENT_AFTER =
  /^(?:市|区|省)?(?:的)?(?:住院|看病|就医|治疗|医院|大医院|打工|务工|工作|上班|住|生活|居住|旅游|探亲|出差|女儿家|儿子家|分公司|复查|做|化疗|手术|定居|安家|常驻|那边)/;
const DISCHARGED = /(?:已经|已)?出院了|出了院|已经?出院|出院(?:并|后|以后)|自费结算|已经结算/;
const IN_HOSPITAL = /还在住院|正在住院|住院中|住着院|在住院|还没出院|未出院|没出院|住院第|住进|送进|住院了/;
const HOUSEHOLD_MOVED = /(?:户口|户籍)(?:也|都)?(?:已经|已)?(?:迁|转|落)|迁了户口|户口迁入|落户/;
const HOUSEHOLD_NOT_MOVED = /(?:户口|户籍)(?:还)?(?:没|未|没有)(?:迁|转|落)|户口还在|没迁户口/;
const FILED_LONG_TERM = /(?:已经|已)?办(?:了|过|好)(?:异地)?长期(?:居住)?(?:备案|登记)/;
const LONG_TERM = /长期|常驻|一直住|一直在|多年|好几年|很多年|定居/;
const SELF_PAID = /自费结算|自费|自己垫|垫付|垫了|自己付|自己掏|全额自付/;

const RELATIVE_DAY: Record<string, number> = {
  今天: 0,
  今日: 0,
  昨天: 1,
  昨日: 1,
  前天: 2,
  前日: 2,
  大前天: 3,
  // Northern colloquial: 今儿个 / 昨儿 / 前儿个.
  今儿个: 0,
  今儿: 0,
  昨儿个: 1,
  昨儿: 1,
  前儿个: 2,
};
const ADMIT_WORD = '(?:住院|入院|住的院|住进|送进|送到医院|进的医院|进医院|急诊|住了院|住上院|住上了院)';

export class EntityExtractor {
  /** Alias → region id, longest alias first so 新会区 wins over 新会. */
  private readonly aliases: Array<[string, string]>;
  private readonly hints: Array<[string, string]>;
  /** Stage-of-care cue words from dialogs.yaml (stageCues), compared without spaces. */
  private readonly stage: {
    discharged: string[];
    notDischarged: string[];
    inHospital: string[];
    selfPaid: string[];
    beforeAdmission: string[];
  };

  /** categories.yaml hintWeights.incidental as patterns ("…" = up to four characters). */
  private readonly incidental: RegExp[];

  constructor(private readonly knowledge: Knowledge) {
    const literal = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.incidental = knowledge.categories.hintWeights.incidental.map(
      (p) => new RegExp(p.split('…').map(literal).join('[^，。,；！？\\s]{0,4}'), 'g'),
    );
    const pairs: Array<[string, string]> = [];
    for (const r of knowledge.regions.values()) {
      pairs.push([r.name, r.id]);
      for (const a of r.aliases) pairs.push([a, r.id]);
    }
    this.aliases = pairs.sort((a, b) => b[0].length - a[0].length);
    this.hints = knowledge.categories.categories
      .flatMap((c) => c.hints.map((h): [string, string] => [h, c.id]))
      .sort((a, b) => b[0].length - a[0].length);
    const cues = knowledge.dialogTexts.stageCues;
    const squeeze = (list: string[]) => list.map((c) => c.replace(/\s+/g, '')).filter(Boolean);
    this.stage = {
      discharged: squeeze(cues.discharged),
      notDischarged: squeeze(cues.notDischarged),
      inHospital: squeeze(cues.inHospital),
      selfPaid: squeeze(cues.selfPaid),
      beforeAdmission: squeeze(cues.beforeAdmission),
    };
  }

  /** Whose situation the message tells: another person first, "self" only when nobody else is named. */
  private subjectOf(text: string): string | undefined {
    const t = text.replace(/\s+/g, '');
    const cues = this.knowledge.dialogTexts.subjectCues;
    const order = ['father', 'mother', 'child', 'spouse', 'family', 'self'] as const;
    return order.find((who) => cues[who].some((c) => t.includes(c)));
  }

  /** The stage of care a whole message tells (notDischarged beats discharged; paid implies discharged). */
  private stageOf(text: string, admitted: boolean): Pick<Entities, 'dischargeStatus' | 'selfPaid'> {
    const t = text.replace(/\s+/g, '');
    const says = (list: string[]) => list.some((c) => t.includes(c));
    const selfPaid = SELF_PAID.test(t) || says(this.stage.selfPaid);
    const notDischarged = /还没出院|未出院|没出院|出院前/.test(t) || says(this.stage.notDischarged);
    const inHospital = notDischarged || IN_HOSPITAL.test(t) || says(this.stage.inHospital);
    const out: Pick<Entities, 'dischargeStatus' | 'selfPaid'> = {};
    if (selfPaid) out.selfPaid = true;
    if (!notDischarged && (DISCHARGED.test(t) || says(this.stage.discharged)))
      out.dischargeStatus = 'discharged';
    else if (inHospital) out.dischargeStatus = 'in-hospital';
    else if (selfPaid) out.dischargeStatus = 'discharged';
    // "在北京住院" with nothing said about leaving: a stay that is going on.
    else if (admitted || /在[^，。,；！？\s]{1,10}住院(?!过)/.test(t)) out.dischargeStatus = 'in-hospital';
    return out;
  }

  extract(text: string, now: Date): Entities {
    const today = shanghaiDate(now);
    const regions = this.findRegions(text);
    const entities: Entities = { regions, categoryHints: this.findHints(text) };
    // 国家/跨省/外省 name the rules asked for, never a place one is insured or treated in.
    const places = regions.filter((r) => r.id !== 'national');
    entities.insuredRegion = this.mostSpecific(places.filter((r) => r.role === 'insured').map((r) => r.id));
    entities.treatmentRegion = this.mostSpecific(
      places.filter((r) => r.role === 'treatment').map((r) => r.id),
    );
    if (FILED_LONG_TERM.test(text)) entities.filedLongTerm = true;
    const months = findDurations(text);
    if (months.length > 0) entities.durationMonths = Math.max(...months);
    const admission = findAdmission(text, today);
    if (admission) entities.admissionDate = admission;
    Object.assign(entities, this.stageOf(text, admission !== undefined));
    // "人还没过去 医院已经约好了": before admission, unless a stay or discharge was told too.
    if (
      !entities.dischargeStatus &&
      !admission &&
      this.stage.beforeAdmission.some((c) => text.replace(/\s+/g, '').includes(c))
    )
      entities.beforeAdmission = true;
    const subject = this.subjectOf(text);
    if (subject) entities.subject = subject;
    if (LONG_TERM.test(text)) entities.statedLongTerm = true;
    if (HOUSEHOLD_NOT_MOVED.test(text)) entities.householdMoved = false;
    else if (HOUSEHOLD_MOVED.test(text)) entities.householdMoved = true;
    return entities;
  }

  private findRegions(text: string): RegionMention[] {
    const taken: boolean[] = new Array(text.length).fill(false);
    const found: RegionMention[] = [];
    for (const [alias, id] of this.aliases) {
      let from = 0;
      for (;;) {
        const index = text.indexOf(alias, from);
        if (index < 0) break;
        from = index + alias.length;
        if (taken.slice(index, index + alias.length).some(Boolean)) continue;
        for (let i = index; i < index + alias.length; i++) taken[i] = true;
        found.push({ id, text: alias, index, role: 'unknown' });
      }
    }
    found.sort((a, b) => a.index - b.index);
    for (const m of found) {
      const before = text.slice(Math.max(0, m.index - 3), m.index);
      const after = text.slice(m.index + m.text.length, m.index + m.text.length + 6);
      if (INSURED_AFTER.test(after)) m.role = 'insured';
      else if (TREATMENT_AFTER.test(after) || /(?:去|到|赴|往|转去|转到|派到|派往|住在)$/.test(before)) {
        m.role = 'treatment';
      } else if (INSURED_BEFORE.test(before) && !TREATMENT_BEFORE.test(before.slice(-1))) m.role = 'insured';
    }
    // "我是江门开平参保的": the city right before an insured district is insured too.
    for (let i = 0; i + 1 < found.length; i++) {
      const a = found[i] as RegionMention;
      const b = found[i + 1] as RegionMention;
      if (a.index + a.text.length >= b.index - 1 && this.isAncestor(a.id, b.id)) {
        if (b.role !== 'unknown' && a.role === 'unknown') a.role = b.role;
        if (a.role !== 'unknown' && b.role === 'unknown') b.role = a.role;
      }
    }
    return found;
  }

  /**
   * Categories hinted at, strongest first: the category with more distinct hint words wins
   * (派我 + 分公司 + 常驻 beats a lone 上班); ties go to the earlier mention.
   */
  private findHints(raw: string): string[] {
    // Hint words inside an incidental phrase (住了几天院) say nothing about the category.
    const text = this.incidental.reduce((t, re) => t.replace(re, (m) => ' '.repeat(m.length)), raw);
    const stats = new Map<string, { count: number; first: number }>();
    for (const [hint, category] of this.hints) {
      const index = text.indexOf(hint);
      if (index < 0) continue;
      const s = stats.get(category) ?? { count: 0, first: index };
      stats.set(category, { count: s.count + 1, first: Math.min(s.first, index) });
    }
    const ranked = [...stats]
      .sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first)
      .map(([c]) => c);
    // Away for a trip (玩, 出差, 探亲) and suddenly ill: sudden illness on a trip, whatever else was said.
    const w = this.knowledge.categories.hintWeights;
    const says = (list: string[]) => list.some((c) => text.includes(c));
    if (says(w.tripPurposes) && says(w.suddenIllness))
      return [w.tripCategory, ...ranked.filter((c) => c !== w.tripCategory)];
    return ranked;
  }

  /** True when `ancestor` encloses `id` (or is it). */
  isAncestor(ancestor: string, id: string): boolean {
    return this.knowledge.regions.within(id, ancestor);
  }

  /** The deepest of the ids when they lie on one chain; else the first one. */
  private mostSpecific(ids: string[]): string | undefined {
    let best: string | undefined;
    for (const id of ids) {
      if (!best || this.isAncestor(best, id)) best = id;
    }
    return best;
  }
}

/** Months of every stay/posting duration mentioned ("两年多" → 24, "半年" → 6). */
export function findDurations(text: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`${NUM}(?:个)?(年|个月|月|周|星期|天)(半)?`, 'g');
  for (const m of text.matchAll(re)) {
    const n = m[1] === '半' ? 0.5 : parseChineseNumber(m[1] ?? '');
    if (n === undefined) continue;
    const unit = m[2];
    const before = text.slice(Math.max(0, (m.index ?? 0) - 4), m.index);
    // A hospital stay ("住院5天") or a deadline ("10天内") is not a residence duration.
    if (/住院|入院|住了院|第/.test(before) || /^内/.test(text.slice((m.index ?? 0) + m[0].length))) continue;
    const after = text.slice((m.index ?? 0) + m[0].length);
    // "11月3日" is a date, not eleven months; "2026年" is a year, not 2026 years.
    if (unit === '月' && /^\s*\d{1,2}\s*[日号]/.test(after)) continue;
    if (unit === '年' && n >= 1900) continue;
    // "3天前" is a point in time (an admission date), not a stay.
    if (unit === '天' && /^(?:以)?前/.test(after)) continue;
    let months =
      unit === '年' ? n * 12 : unit === '个月' || unit === '月' ? n : unit === '天' ? n / 30 : n / 4.3;
    if (m[3]) months += unit === '年' ? 6 : 0.5;
    out.push(months);
  }
  if (/半年/.test(text) && !out.includes(6)) out.push(6);
  return out;
}

/** A date on its own (an answer to "哪天住院的？"): 前天, 3天前, 11月20日, 2026-11-20. */
export function findDate(text: string, today: LocalDate): LocalDate | undefined {
  const admission = findAdmission(text, today);
  if (admission) return admission;
  const ago = new RegExp(`${NUM}(?:天|日)(?:以)?前`).exec(text);
  if (ago) {
    const n = parseChineseNumber(ago[1] ?? '');
    if (n !== undefined) return addDays(today, -n);
  }
  const rel = /(大前天|前儿个|前天|前日|昨儿个|昨儿|昨天|昨日|今儿个|今儿|今天|今日)/.exec(text);
  if (rel) return addDays(today, -(RELATIVE_DAY[rel[1] ?? ''] ?? 0));
  return absoluteDate(text, today);
}

function absoluteDate(text: string, today: LocalDate): LocalDate | undefined {
  const abs = /(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/.exec(text);
  if (!abs) return undefined;
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const m = Number(abs[2]);
  const d = Number(abs[3]);
  let y = abs[1] ? Number(abs[1]) : ty;
  if (!abs[1] && (m > tm || (m === tm && d > td))) y -= 1; // "12月30日" said in January
  return isValidDate(y, m, d) ? makeDate(y, m, d) : undefined;
}

/** The admission date the user states, absolute or relative to today (Asia/Shanghai). */
export function findAdmission(text: string, today: LocalDate): LocalDate | undefined {
  // 住院第三天 → admitted two days ago.
  const nth = new RegExp(`(?:住院|入院|住进医院)(?:的)?\\s*(?:今天|已经|都)?\\s*(?:是)?第${NUM}天`).exec(
    text,
  );
  if (nth) {
    const n = parseChineseNumber(nth[1] ?? '');
    if (n !== undefined && n >= 1) return addDays(today, -(n - 1));
  }
  // 已经住院5天了 / 住了5天院 → admitted five days ago (the earlier reading, so deadlines stay safe).
  const stay = new RegExp(`(?:住院|入院|住了)(?:了|都)?(?:已经)?${NUM}(?:天|日)`).exec(text);
  if (stay) {
    const n = parseChineseNumber(stay[1] ?? '');
    if (n !== undefined) return addDays(today, -n);
  }
  // 住了半个月了 / 住院两周了 → admitted that long ago (a month counted as 30 days, the safe reading).
  const long = new RegExp(`(?:住院|入院|住了)(?:了|都)?(?:已经)?(半|${NUM})(?:个)?(月|周|星期)`).exec(text);
  if (long) {
    const n = long[1] === '半' ? 0.5 : parseChineseNumber(long[2] ?? '');
    if (n !== undefined) return addDays(today, -Math.round(n * (long[3] === '月' ? 30 : 7)));
  }
  const ago = new RegExp(`${NUM}(?:天|日)前(?:.{0,6})${ADMIT_WORD}`).exec(text);
  if (ago) {
    const n = parseChineseNumber(ago[1] ?? '');
    if (n !== undefined) return addDays(today, -n);
  }
  const rel = new RegExp(
    `(大前天|前儿个|前天|前日|昨儿个|昨儿|昨天|昨日|今儿个|今儿|今天|今日)(?:.{0,10})${ADMIT_WORD}`,
  ).exec(text);
  if (rel) return addDays(today, -(RELATIVE_DAY[rel[1] ?? ''] ?? 0));
  const abs = /(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/.exec(text);
  if (abs && new RegExp(ADMIT_WORD).test(text.slice(abs.index, abs.index + abs[0].length + 10))) {
    return absoluteDate(abs[0], today);
  }
  return undefined;
}
