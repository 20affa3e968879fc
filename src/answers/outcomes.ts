// Renders rule outcomes (src/rules) as replies: the conclusion, why (the facts given, the
// rule, its source), materials, channels, validity and deadlines as dates. All wording
// comes from dialogs.yaml / messages.yaml / rules.yaml; this file only assembles it.

import { formatChineseDate } from '../calendar.js';
import type { Citation, DialogId, DialogTexts, Knowledge } from '../knowledge/types.js';
import type { Facts } from '../rules/facts.js';
import {
  type CategoryResult,
  careScope,
  channelsFor,
  constraintsFor,
  type LateFilingOutcome,
  materialsFor,
  noFilingNeeded,
  type OtherRule,
  type PrecedenceNote,
  precedenceFor,
  type Reason,
  settlementInfo,
  thirdPlaceFiling,
  validityFor,
} from '../rules/index.js';
import { regionName, sourceLine, sourceRefs } from './compose.js';
import { fill } from './fill.js';
import type { Reply } from './reply.js';

export class OutcomeRenderer {
  constructor(private readonly k: Knowledge) {}

  /** The texts of one dialog (dialogs.yaml; the schema guarantees each dialog is there). */
  private texts<Id extends DialogId>(dialogId: Id): DialogTexts<Id> {
    const d = this.k.dialogs.find((x) => x.id === dialogId);
    if (!d) throw new Error(`dialogs.yaml has no dialog ${dialogId}`);
    return d.texts as DialogTexts<Id>;
  }

  /** "参保地 江门市新会区；情况：常驻异地工作人员；在外地约13个月；…" */
  describeFacts(f: Facts, region: string | undefined): string {
    const t = this.k.dialogTexts.facts;
    const parts: string[] = [];
    if (region && region !== 'national')
      parts.push(
        fill(f.carriedRegion ? t.carriedInsured : t.insured, { region: regionName(this.k, region) }),
      );
    if (f.treatmentRegion && f.treatmentRegion !== region)
      parts.push(fill(t.treatment, { region: regionName(this.k, f.treatmentRegion) }));
    const category = f.categoryHints?.[0]
      ? this.k.categories.categories.find((c) => c.id === f.categoryHints?.[0])
      : undefined;
    if (category) parts.push(fill(t.category, { category: category.name }));
    if (f.durationMonths !== undefined)
      parts.push(fill(t.duration, { duration: this.months(f.durationMonths) }));
    else if (f.statedLongTerm) parts.push(t.longTerm);
    if (f.householdMoved !== undefined) parts.push(f.householdMoved ? t.householdMoved : t.householdNotMoved);
    if (f.admissionDate) parts.push(fill(t.admission, { date: formatChineseDate(f.admissionDate) }));
    if (f.dischargeStatus) parts.push(f.dischargeStatus === 'in-hospital' ? t.inHospital : t.discharged);
    if (f.selfPaid) parts.push(t.selfPaid);
    if (f.beforeAdmission) parts.push(t.beforeAdmission);
    return parts.join(t.separator);
  }

  /** A stay in whole years (1.5年), months or, under a month, days. */
  private months(months: number): string {
    const d = this.k.dialogTexts.durations;
    if (months >= 12) {
      const years = months / 12;
      const n = Number.isInteger(years) ? String(years) : years.toFixed(1).replace(/\.0$/, '');
      return fill(d.years, { n });
    }
    return months < 1
      ? fill(d.days, { n: Math.max(1, Math.round(months * 30)) })
      : fill(d.months, { n: Math.round(months) });
  }

  eligibility(result: CategoryResult, f: Facts, region: string): Reply {
    const t = this.texts('eligibility');
    const lines: string[] = [];
    const cites: Citation[] = [];
    const add = (r: Reason) => {
      cites.push(r.source);
      return r.text;
    };
    const place = regionName(this.k, this.k.regions.ruleRegion(region));
    if (this.k.regions.ruleRegion(region) === 'national' && region !== 'national')
      lines.push(this.k.dialogTexts.common.regionNational);

    if (result.status === 'need') throw new Error('eligibility outcome rendered before all facts are known');
    if (result.status === 'not-covered') {
      lines.push(fill(t.notCovered, { category: result.category.name }));
      lines.push(...result.reasons.map((r) => `· ${add(r)}`));
      return this.reply('dialog:eligibility', lines, cites, region);
    }
    const category = result.status === 'too-short' ? result.fallback : result.category;
    if (result.status === 'too-short') {
      lines.push(
        fill(t.tooShort, {
          region: place,
          category: result.category.name,
          fallback: result.fallback.name,
        }),
      );
    } else if (result.localClass) {
      const c = result.localClass;
      lines.push(
        fill(t.decidedLocal, {
          region: place,
          className: c.name,
          classLabel: c.label,
          category: category.name,
        }),
      );
    } else {
      const group = this.k.categories.groups.find((g) => g.id === category.group)?.name ?? '';
      lines.push(fill(t.decided, { category: category.name, group: group.replace(/人员$/, '') }));
    }
    // Not yet admitted: the one thing to do now is to file before admission.
    if (f.beforeAdmission) lines.push(t.beforeAdmission);
    lines.push(fill(t.facts, { facts: this.describeFacts(f, region) }));
    const reasons = [...result.reasons, ...(result.status === 'decided' ? result.caveats : [])];
    if (reasons.length > 0) lines.push(t.why, ...reasons.slice(0, 3).map((r) => `· ${add(r)}`));

    const localClass = result.status === 'decided' ? result.localClass : undefined;
    const exempt = localClass ? undefined : noFilingNeeded(this.k, region, category.id);
    if (exempt) lines.push(fill(t.noFiling, { text: add(exempt) }));
    lines.push(...this.materialLines(category.id, region, localClass?.id, cites));
    lines.push(...this.channelLines(region, category.group, localClass?.id, cites));

    // A region with its own scheme (江门) states no validity: don't borrow the national one.
    const validity = localClass ? undefined : validityFor(this.k, category.group, region);
    if (validity) {
      lines.push(`${t.validity}${add(validity.reason)}`);
      // Another document's differing rule is disclosed unless care stays in the province;
      // cross-province, the precedence table says which governs and why.
      const scope = careScope(this.k, region, f.treatmentRegion, f.crossProvince);
      // Only rules that apply to this person: national ones, or their own region's.
      const others = validity.otherRules.filter((r) => {
        const docRegion = this.k.sources.get(r.source.doc)?.region ?? 'national';
        return docRegion === 'national' || this.k.regions.within(region, docRegion);
      });
      if (scope !== 'in-province' && others.length > 0) {
        lines.push(...others.map((r) => `· ${add(r)}`));
        const order = precedenceFor(this.k, 'validity', scope);
        const other = others[0] as Reason;
        if (order && order.governs === 'national' && other.source.doc.startsWith('national'))
          lines.push(this.fillPrecedence(order.text, region, validity.reason.source.doc, other.source.doc));
      }
    }
    const keys = [
      category.group,
      ...(localClass ? [localClass.id] : []),
      ...(f.filedLongTerm ? ['long-term-filer'] : []),
    ];
    const notes = constraintsFor(this.k, region, keys);
    if (notes.length > 0) lines.push(t.notes, ...notes.map((n) => `· ${add(n)}`));
    return this.reply('dialog:eligibility', lines, cites, region);
  }

  /**
   * The user holds a long-term filing where they live (told earlier) and now names another
   * place of treatment: the insured region's rule for that, when its documents have one.
   */
  thirdPlace(before: Facts, now: Facts, region: string | undefined): Reply | undefined {
    const residence = before.treatmentRegion;
    const treatment = now.treatmentRegion;
    if (!region || !residence || !treatment || residence === treatment) return undefined;
    const rules = thirdPlaceFiling(this.k, {
      insuredRegion: region,
      filedLongTerm: before.filedLongTerm === true || now.filedLongTerm === true,
      residenceRegion: residence,
      treatmentRegion: treatment,
    });
    if (!rules) return undefined;
    const cites: Citation[] = [];
    const lines = [
      fill(this.texts('eligibility').thirdPlace, {
        residence: regionName(this.k, residence),
        treatment: regionName(this.k, treatment),
      }),
      ...rules.map((r) => {
        cites.push(r.source);
        return `· ${r.text}`;
      }),
      ...this.channelLines(region, 'temporary', undefined, cites),
    ];
    return this.reply('dialog:eligibility', lines, cites, region);
  }

  materials(categoryId: string, f: Facts, region: string, localClassId?: string): Reply {
    const cites: Citation[] = [];
    const category = this.k.categories.categories.find((c) => c.id === categoryId);
    const lines: string[] = [];
    if (this.k.regions.ruleRegion(region) === 'national' && region !== 'national')
      lines.push(this.k.dialogTexts.common.regionNational);
    lines.push(fill(this.texts('eligibility').facts, { facts: this.describeFacts(f, region) }));
    lines.push(...this.materialLines(categoryId, region, localClassId, cites, category?.name));
    lines.push(...this.channelLines(region, category?.group, localClassId, cites));
    return this.reply('dialog:materials', lines, cites, region);
  }

  lateFiling(outcome: LateFilingOutcome, f: Facts, region: string, today: string): Reply {
    const t = this.texts('late-filing');
    const cites: Citation[] = [];
    const add = (r: Reason) => {
      cites.push(r.source);
      return r.text;
    };
    const lines: string[] = [];
    if (this.k.regions.ruleRegion(region) === 'national' && region !== 'national')
      lines.push(this.k.dialogTexts.common.regionNational);
    const rule =
      outcome.status === 'in-time' ||
      outcome.status === 'deadline-passed' ||
      outcome.status === 'after-discharge'
        ? add(outcome.reasons[0] as Reason)
        : '';
    switch (outcome.status) {
      case 'in-time': {
        if (outcome.precedence?.other) {
          lines.push(...this.crossProvince(outcome, region, add));
          lines.push(...this.channelLines(region, 'temporary', undefined, cites));
          break;
        }
        const discharge = outcome.beforeDischarge ? t.beforeDischarge : '';
        if (outcome.lastDay !== undefined && outcome.daysLeft !== undefined) {
          const values = {
            rule,
            admission: formatChineseDate(f.admissionDate ?? today),
            lastDay: formatChineseDate(outcome.lastDay),
            daysLeft: outcome.daysLeft,
            discharge,
          };
          lines.push(
            outcome.daysLeft === 0 ? `${fill(t.inTimeToday, values)}${rule}` : fill(t.inTimeDays, values),
          );
        } else lines.push(fill(t.inTimeNoDays, { rule }));
        lines.push(outcome.how);
        lines.push(...this.channelLines(region, 'temporary', undefined, cites));
        break;
      }
      case 'deadline-passed':
        lines.push(fill(t.passed, { lastDay: formatChineseDate(outcome.lastDay), rule }));
        if (outcome.precedence) lines.push(this.precedenceText(outcome.precedence, region));
        // Still in hospital: only what can be done now, never the steps for after discharge.
        if (outcome.next.length > 0) lines.push(t.next, ...outcome.next.map((r) => `· ${add(r)}`));
        lines.push(t.inProvincePassedNext);
        break;
      case 'after-discharge':
        lines.push(fill(outcome.selfPaid ? t.afterDischargeSelfPaid : t.afterDischarge, { rule }));
        lines.push(t.next, ...outcome.next.map((r) => `· ${add(r)}`), t.contact);
        break;
      default:
        throw new Error(`late-filing outcome ${outcome.status} cannot be rendered`);
    }
    // Sudden illness where a document of the region chain says "no filing needed" (广东's list)
    // while the insured region's rule asks for one (江门 10 days): say both, and which to follow.
    const category = f.categoryHints?.[0];
    const exempt = category ? noFilingNeeded(this.k, region, category) : undefined;
    if (exempt) lines.push(fill(this.texts('eligibility').noFiling, { text: add(exempt) }));
    lines.push(fill(this.texts('eligibility').facts, { facts: this.describeFacts(f, region) }));
    return this.reply('dialog:late-filing', lines, cites, region);
  }

  /**
   * Cross-province and still in hospital: lead with filing before discharge settlement, then
   * each applicable rule with its region and date, then why the newer national rule governs.
   */
  private crossProvince(
    outcome: Extract<LateFilingOutcome, { status: 'in-time' }>,
    region: string,
    add: (r: Reason) => string,
  ): string[] {
    const t = this.texts('late-filing');
    const p = outcome.precedence as PrecedenceNote;
    const other = p.other as OtherRule;
    const dated = (r: Reason) => `· ${add(r)}（${this.docDate(r.source.doc)}）`;
    const lines = [t.crossProvinceLead, t.rulesApply, ...outcome.reasons.map(dated), dated(other.reason)];
    if (other.lastDay && other.daysLeft !== undefined) {
      const lastDay = formatChineseDate(other.lastDay);
      lines.push(
        other.daysLeft > 0
          ? fill(t.otherInTime, { lastDay, daysLeft: other.daysLeft })
          : fill(other.daysLeft === 0 ? t.otherToday : t.otherPassed, { lastDay }),
      );
    }
    lines.push(this.precedenceText(p, region), outcome.how);
    return lines;
  }

  /** The precedence row's reason, with the insured region and both documents' dates. */
  private precedenceText(p: PrecedenceNote, region: string): string {
    const regional = this.k.rules.lateFiling.find((r) => r.region === p.ruleRegion);
    const national = this.k.rules.lateFiling.find((r) => r.region === 'national');
    return this.fillPrecedence(
      p.text,
      p.ruleRegion === 'national' ? region : p.ruleRegion,
      regional?.source.doc,
      national?.source.doc,
    );
  }

  /** A precedence text with the region and the two documents' dates filled in. */
  private fillPrecedence(text: string, region: string, regionalDoc?: string, nationalDoc?: string): string {
    return fill(text, {
      region: regionName(this.k, this.k.regions.ruleRegion(region)),
      regionDate: regionalDoc ? this.docDate(regionalDoc) : '',
      nationalDate: nationalDoc ? this.docDate(nationalDoc) : '',
    });
  }

  /** A document's date as the source line shows it (2021-07-08, 2025-02). */
  private docDate(doc: string): string {
    return String(this.k.sources.get(doc)?.date ?? '');
  }

  settlement(f: Facts, region: string): Reply {
    const t = this.texts('settlement');
    const info = settlementInfo(this.k, region);
    const cites: Citation[] = [
      info.catalogue.source,
      info.policy.source,
      info.ratio.source,
      info.scope.source,
    ];
    const lines = [
      fill(t.header, { region: regionName(this.k, region) }),
      fill(t.catalogue, { text: info.catalogue.text }),
      fill(t.policy, { text: `${info.policy.text}${info.ratio.text}` }),
    ];
    if (info.example) {
      lines.push(info.example.text);
      cites.push(info.example.source);
    }
    lines.push(t.steps, ...info.steps.map((s, i) => `${i + 1}. ${s.text}`));
    cites.push(...info.steps.map((s) => s.source));
    lines.push(fill(t.scope, { text: info.scope.text }));
    if (f.insuredRegion === undefined && region === 'national')
      lines.push(this.k.dialogTexts.common.regionNational);
    return this.reply('dialog:settlement', lines, cites, region);
  }

  private materialLines(
    categoryId: string,
    region: string,
    localClassId: string | undefined,
    cites: Citation[],
    label?: string,
  ): string[] {
    const t = this.texts('eligibility');
    const sets = materialsFor(this.k, categoryId, region, localClassId);
    if (sets.length === 0) return [];
    const header = label
      ? fill(this.texts('materials').header, {
          region: regionName(this.k, sets[0]?.region ?? region),
          category: label,
        })
      : t.materials;
    const items = [...new Set(sets.flatMap((s) => s.items))];
    for (const s of sets) cites.push(s.source);
    const notes = sets.map((s) => s.note).filter((n): n is string => Boolean(n));
    return [header, ...items.map((i) => `· ${i}`), ...notes.map((n) => `（${n}）`)];
  }

  private channelLines(
    region: string,
    group: 'long-term' | 'temporary' | undefined,
    localClassId: string | undefined,
    cites: Citation[],
  ): string[] {
    const t = this.texts('eligibility');
    const channels = channelsFor(this.k, { region, group, purpose: 'file', localClassId, limit: 4 });
    if (channels.length === 0) return [];
    const lines = [t.channels];
    for (const c of channels) {
      cites.push(c.source);
      if (c.kind === 'phone' && c.region === 'jiangmen') lines.push(`· ${c.name}${this.phoneFor(region)}`);
      else if (c.kind === 'hospital') lines.push(...c.steps.map((s) => `· ${s}`));
      else lines.push(`· ${c.name}`);
    }
    return lines;
  }

  /** "：新会区备案电话 6102028（工作日…）" when the insured district is known. */
  private phoneFor(region: string): string {
    const phones = this.k.messages.phones;
    const table = this.k.contacts.find((tb) => tb.region === 'jiangmen');
    const row = table?.rows.find((r) => r.region === region);
    return row && table ? fill(phones.inline, { ...row, hours: table.hours }) : phones.unknownDistrict;
  }

  private reply(intent: string, lines: string[], cites: Citation[], region: string): Reply {
    const sources = sourceRefs(this.k, cites, region);
    const text = [...lines.filter(Boolean), sourceLine(this.k, sources)].join('\n');
    return {
      text,
      meta: { kind: 'dialog', intent, confidence: 1, fallback: false, sources, suggestions: [] },
    };
  }
}
