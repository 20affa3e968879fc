// Slot filling without a bot framework: read whatever facts a reply states (in any order,
// several at once), and let a bare answer ("1", "是", "前天") fill the slot just asked for.
import { shanghaiDate } from '../calendar.js';
import type { Knowledge } from '../knowledge/types.js';
import { type EntityExtractor, findDate } from '../matcher/entities.js';
import { type Facts, mergeFacts } from '../rules/facts.js';
import { weighStay } from '../rules/stayLength.js';
import { cleanText, compact, normalize } from '../text/normalize.js';
import { optionNumber } from '../text/optionNumber.js';

export type SlotName =
  | 'region'
  | 'situation'
  | 'duration'
  | 'household'
  | 'discharge'
  | 'admission'
  | 'treatment';

export interface SlotFill {
  facts: Facts;
  /** Slots that this reply filled or changed. */
  filled: SlotName[];
}

export class SlotFiller {
  private readonly yes: string[];
  private readonly no: string[];

  constructor(
    private readonly knowledge: Knowledge,
    private readonly extractor: EntityExtractor,
  ) {
    // Longest first: 不是 must be tested before 是.
    this.yes = knowledge.interrupts.yes.map(compact).sort((a, b) => b.length - a.length);
    this.no = knowledge.interrupts.no.map(compact).sort((a, b) => b.length - a.length);
  }

  /** The region whose rules apply: stated insured region, else a named covered place, else national. */
  policyRegion(f: Facts): string | undefined {
    if (f.insuredRegion) return f.insuredRegion;
    const named = f.namedRegions ?? [];
    // "江门新会" names a city and its district: the district is the more precise answer.
    const regions = this.knowledge.regions;
    const covered = named.filter((r) => regions.covered(r));
    const precise = covered.find((r) => !covered.some((o) => o !== r && regions.within(o, r)));
    if (precise) return precise;
    if (named[0]) return named[0];
    // Where the user lives or is treated is not where they are insured: ask instead.
    return f.national ? 'national' : undefined;
  }

  has(f: Facts, slot: SlotName): boolean {
    switch (slot) {
      case 'region':
        return this.policyRegion(f) !== undefined;
      case 'situation':
        // A long stated stay decides the situation without a hint word (rules/stayLength.ts).
        return (
          weighStay(this.knowledge, f.categoryHints ?? [], f.durationMonths, this.policyRegion(f)).length > 0
        );
      case 'duration':
        return f.durationMonths !== undefined || f.statedLongTerm === true;
      case 'household':
        return f.householdMoved !== undefined;
      case 'discharge':
        return f.dischargeStatus !== undefined;
      case 'admission':
        return f.admissionDate !== undefined;
      case 'treatment':
        return f.treatmentRegion !== undefined || f.crossProvince !== undefined;
    }
  }

  /** "是"/"对"/"有" → true, "不是"/"没有" → false, anything else → undefined. */
  yesNo(text: string): boolean | undefined {
    const t = compact(text);
    if (this.no.some((w) => t === w || t.startsWith(w))) return false;
    if (this.yes.some((w) => t === w || t.startsWith(w))) return true;
    return undefined;
  }

  /** The option number of a reply like "2" / "第二个", within 1..count. */
  choice(text: string, count: number): number | undefined {
    const n = optionNumber(text);
    return n !== undefined && n >= 1 && n <= count ? n : undefined;
  }

  fill(text: string, facts: Facts, expecting: SlotName | undefined, now: Date): SlotFill {
    const normalized = normalize(text).text;
    const entities = this.extractor.extract(normalized, now);
    let next = mergeFacts(facts, entities);
    const filled = new Set<SlotName>();
    const changed = (slot: SlotName) => {
      if (
        this.has(next, slot) &&
        JSON.stringify(this.slotValue(next, slot)) !== JSON.stringify(this.slotValue(facts, slot))
      ) {
        filled.add(slot);
      }
    };

    // A bare answer fills the slot that was asked.
    if (expecting === 'situation') {
      const choices = this.knowledge.dialogTexts.situationChoices;
      const n = this.choice(text, choices.length);
      const picked = n !== undefined ? choices[n - 1]?.category : undefined;
      if (picked)
        next = {
          ...next,
          categoryHints: [picked, ...(next.categoryHints ?? []).filter((c) => c !== picked)],
        };
    } else if (expecting === 'duration' && entities.durationMonths === undefined) {
      const yn = this.yesNo(text);
      if (yn !== undefined) next = { ...next, durationMonths: yn ? 6 : 3 };
    } else if (expecting === 'household') {
      const yn = this.yesNo(text);
      if (yn !== undefined) next = { ...next, householdMoved: yn };
    } else if (expecting === 'discharge' && !entities.dischargeStatus) {
      // The question is either/or ("还在住院，还是已经出院了？"): a bare "是" answers neither.
      const n = this.choice(text, 2);
      if (n !== undefined) next = { ...next, dischargeStatus: n === 1 ? 'in-hospital' : 'discharged' };
    } else if (expecting === 'admission') {
      // The answer to "哪天住院的？" is a date: "3天前" or "2026年11月20日" is no stay abroad.
      // The raw text keeps "11/18", "11.18" and "2026-11-18" (normalizing turns them into spaces).
      const date = entities.admissionDate ?? findDate(cleanText(text).replace(/\s+/g, ''), shanghaiDate(now));
      if (date) next = { ...next, admissionDate: date, durationMonths: facts.durationMonths };
    } else if (expecting === 'treatment' && !entities.treatmentRegion) {
      // The answer to "在哪里住院？" is a bare place ("北京") or "外省" / "省内".
      const place = entities.regions.find((r) => r.id !== 'national' && r.id !== this.policyRegion(facts));
      if (place) {
        const namedRegions = (next.namedRegions ?? []).filter((r) => r !== place.id);
        next = { ...next, treatmentRegion: place.id, namedRegions };
      } else if (this.says(normalized, 'crossProvince')) next = { ...next, crossProvince: true };
      else if (this.says(normalized, 'sameProvince')) next = { ...next, crossProvince: false };
    } else if (expecting === 'region' && !this.has(next, 'region')) {
      // "国家的" / "按国家规定" answers the region question with the national rules.
      if (this.says(normalized, 'nationalRules')) next = { ...next, national: true };
    }
    for (const slot of [
      'region',
      'situation',
      'duration',
      'household',
      'discharge',
      'admission',
      'treatment',
    ] as const)
      changed(slot);
    return { facts: next, filled: [...filled] };
  }

  /** The reply uses one of the dialogs.yaml placeCues words of that kind. */
  private says(normalized: string, kind: keyof Knowledge['dialogTexts']['placeCues']): boolean {
    const t = compact(normalized);
    return this.knowledge.dialogTexts.placeCues[kind].some((c) => t.includes(compact(c)));
  }

  private slotValue(f: Facts, slot: SlotName): unknown {
    switch (slot) {
      case 'region':
        return this.policyRegion(f);
      case 'situation':
        return f.categoryHints?.[0];
      case 'duration':
        return [f.durationMonths, f.statedLongTerm];
      case 'household':
        return f.householdMoved;
      case 'discharge':
        return f.dischargeStatus;
      case 'admission':
        return f.admissionDate;
      case 'treatment':
        return [f.treatmentRegion, f.crossProvince];
    }
  }
}
