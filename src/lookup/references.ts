// The structured reference data as searchable documents: each row of the Jiangmen phone
// table and each channel becomes an entry-shaped record that the matcher's RetrievalIndex
// can index exactly like a FAQ entry. Every text comes from knowledge/ (contacts.yaml,
// channels.yaml, regions.yaml) or from the bot's own renderers in src/answers.
import { channelSteps, sourceLine, sourceRefs } from '../answers/compose.js';
import { jiangmenPhones } from '../answers/phones.js';
import type { Channel, Citation, FaqEntry, Knowledge } from '../knowledge/types.js';

export type ReferenceKind = 'phone' | 'channel';

export interface PhoneDetails {
  label: string;
  filing: string;
  consult: string;
  hours: string;
}

export interface ChannelDetails {
  name: string;
  kind: Channel['kind'];
  steps: string[];
  note?: string;
}

export interface ReferenceDoc {
  kind: ReferenceKind;
  /** Entry-shaped view for the retrieval index (question, paraphrases, keywords, region). */
  entry: FaqEntry;
  /** The text the bot would show for it, with the source line. */
  answer: string;
  source: Citation;
  /** FAQ entries about the same thing (phone table / channel), as follow-ups. */
  related: string[];
  phone?: PhoneDetails;
  channel?: ChannelDetails;
}

/** Place names of a region and every region enclosing it (新会区 新会 江门市 江门 广东省 广东). */
function placeWords(k: Knowledge, region: string): string[] {
  return k.regions
    .chain(region)
    .filter((id) => id !== 'national')
    .flatMap((id) => {
      const r = k.regions.get(id);
      return r ? [r.name, ...r.aliases] : [];
    });
}

function entryShape(
  id: string,
  region: string,
  question: string,
  paraphrases: string[],
  keywords: string[],
  source: Citation,
): FaqEntry {
  return {
    id,
    topic: 'reference',
    region,
    question,
    paraphrases: paraphrases.filter(Boolean),
    keywords: keywords.filter(Boolean),
    answer: '',
    sources: [source],
    related: [],
    varies: false,
    channels: [],
  };
}

function withSource(k: Knowledge, text: string, source: Citation, region: string): string {
  return [text, sourceLine(k, sourceRefs(k, [source], region))].join('\n');
}

/** One document per row of the Jiangmen phone table (the table the bot renders). */
function phoneDocs(k: Knowledge): ReferenceDoc[] {
  const table = k.contacts.find((t) => t.region === 'jiangmen');
  if (!table) return [];
  const related = k.entries.filter((e) => e.attach === 'jiangmen-phones').map((e) => e.id);
  return table.rows.map((row) => {
    const rendered = jiangmenPhones(k, [row.region]);
    const places = placeWords(k, row.region);
    return {
      kind: 'phone',
      entry: entryShape(
        `${table.id}-${row.region}`,
        row.region,
        `${row.label} · ${table.title}`,
        // Each rendered line is an utterance of its own (the row, the header, the hours), so a
        // short query like 台山 咨询电话 meets a short, precise text; the numbers are searchable
        // through the keywords instead of diluting every line.
        [
          ...rendered.split('\n').map((line) => line.replace(/\d+/g, ' ')),
          `${places.join(' ')} ${table.title}`,
          `${row.filing} ${row.consult}`,
        ],
        [row.label, ...places],
        table.source,
      ),
      answer: withSource(k, rendered, table.source, table.region),
      source: table.source,
      related,
      phone: { label: row.label, filing: row.filing, consult: row.consult, hours: table.hours },
    };
  });
}

/** One document per channel of channels.yaml, with its steps and note. */
function channelDocs(k: Knowledge): ReferenceDoc[] {
  return [...k.channels.values()].map((ch) => {
    const steps = channelSteps(k, [ch.id]);
    const rendered = [steps || `【${ch.name}】`, ch.note ?? ''].filter(Boolean).join('\n');
    const related = k.entries.filter((e) => e.channels.includes(ch.id)).map((e) => e.id);
    return {
      kind: 'channel',
      entry: entryShape(
        `channel-${ch.id}`,
        ch.region,
        ch.name,
        [...ch.steps, ch.note ?? ''],
        [...ch.aliases, ...(ch.region === 'national' ? [] : placeWords(k, ch.region))],
        ch.source,
      ),
      answer: withSource(k, rendered, ch.source, ch.region),
      source: ch.source,
      related,
      channel: { name: ch.name, kind: ch.kind, steps: ch.steps, note: ch.note },
    };
  });
}

export function referenceDocs(k: Knowledge): ReferenceDoc[] {
  return [...phoneDocs(k), ...channelDocs(k)];
}
