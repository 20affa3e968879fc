// Turns a matched FAQ entry (and what we know of the asker) into the reply a user reads:
// the answer, any structured add-on (channel steps, the Jiangmen phone table), the
// "rules vary" note, a source line and up to three follow-up suggestions.
// Pure: channels decide how to show it (Web Chat buttons, WeChat numbered options …).
import { entryAuthority, forumDocOf } from '../knowledge/authority.js';
import type { SourceDoc } from '../knowledge/schema.js';
import type { Citation, FaqEntry, Knowledge } from '../knowledge/types.js';
import { fill } from './fill.js';
import { jiangmenPhones } from './phones.js';
import { channelServes, withoutForeignChannels } from './regionalChannels.js';
import type { Reply, SourceRef } from './reply.js';

export interface AnswerContext {
  /** Region ids the asker named (this message and earlier ones), most relevant first. */
  regions: string[];
  /** Where the asker is insured, when told: channels of other regions are left out. */
  insuredRegion?: string;
}

/** "《title》（date，region）" for each distinct document cited. */
export function sourceRefs(k: Knowledge, citations: Citation[], region: string): SourceRef[] {
  const seen = new Set<string>();
  const refs: SourceRef[] = [];
  for (const c of citations) {
    const doc = k.sources.get(c.doc);
    if (!doc) continue;
    const cited = citedRegion(k, doc, region, c);
    if (seen.has(`${c.doc}|${cited}`)) continue;
    seen.add(`${c.doc}|${cited}`);
    refs.push({ id: doc.id, title: doc.title, date: doc.date, region: regionName(k, cited) });
  }
  return refs;
}

/**
 * The region a citation speaks for, in every source line (FAQ answers, dialog outcomes, the
 * staff lookup): a local document its own; a national document the region of the passage
 * quoted — its Guangdong section says 广东省 (the citation's region, which knowledge:check
 * verifies against the seed), any other passage 全国 — whoever the case is about: a Jiangmen
 * answer citing the national rule says 全国, never 江门市. Without a citation (a document as a
 * whole), the region whose rules govern the case when the document has a section for it.
 */
export function citedRegion(k: Knowledge, doc: SourceDoc, region: string, citation?: Citation): string {
  if (doc.region !== 'national') return doc.region;
  if (citation) return citation.region && doc.covers.includes(citation.region) ? citation.region : 'national';
  const governing = k.regions.ruleRegion(region);
  return doc.covers.includes(governing) ? governing : 'national';
}

export function regionName(k: Knowledge, id: string): string {
  const r = k.regions.get(id);
  if (!r) return id;
  if (r.level === 'district') {
    const parent = r.parent ? k.regions.get(r.parent) : undefined;
    return `${parent?.name ?? ''}${r.name}`;
  }
  return r.name;
}

export function sourceLine(k: Knowledge, refs: SourceRef[]): string {
  const items = refs.map((r) => fill(k.messages.sourceItem, { ...r }));
  return fill(k.messages.sourceLine, { sources: items.join('；') });
}

/** Steps of the channels an entry explains, numbered, from channels.yaml. */
export function channelSteps(k: Knowledge, ids: string[]): string {
  const blocks: string[] = [];
  for (const id of ids) {
    const ch = k.channels.get(id);
    if (!ch || ch.steps.length === 0) continue;
    blocks.push([`【${ch.name}】`, ...ch.steps.map((s, i) => `${i + 1}. ${s}`)].join('\n'));
  }
  return blocks.join('\n');
}

export function suggestionsFor(k: Knowledge, entry: FaqEntry): string[] {
  return entry.related
    .map((id) => k.entryById.get(id)?.question)
    .filter((q): q is string => Boolean(q))
    .slice(0, 3);
}

export function composeAnswer(k: Knowledge, entry: FaqEntry, ctx: AnswerContext, confidence: number): Reply {
  const parts = [withoutForeignChannels(k, entry.answer.trim(), ctx.insuredRegion)];
  // Only forum experience answers this: say whose word it is and from when, before the answer.
  if (entryAuthority(k, entry) === 'forum') {
    const year = forumDocOf(k, entry)?.date.slice(0, 4) ?? '';
    parts.unshift(fill(k.messages.forumNote, { date: year }));
  }
  if (entry.attach === 'channels') {
    const own = entry.channels.filter((id) => channelServes(k, id, ctx.insuredRegion));
    const steps = channelSteps(k, own);
    if (steps) parts.push(steps);
  }
  if (entry.attach === 'jiangmen-phones') parts.push(jiangmenPhones(k, ctx.regions));
  if (entry.varies) parts.push(k.messages.variesNote);
  const sources = sourceRefs(k, entry.sources, entry.region);
  parts.push(sourceLine(k, sources));
  return {
    text: parts.join('\n'),
    meta: {
      kind: 'answer',
      intent: entry.id,
      confidence,
      fallback: false,
      sources,
      suggestions: suggestionsFor(k, entry),
    },
  };
}
