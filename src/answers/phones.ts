// The Jiangmen filing/consultation phone table, or just the rows of the districts the
// asker named (江门 台山 电话 → 台山市 only). Numbers from contacts.yaml, lines worded in
// messages.yaml (phones).
import type { Knowledge } from '../knowledge/types.js';
import { fill } from './fill.js';

export function jiangmenPhones(k: Knowledge, regions: string[]): string {
  const table = k.contacts.find((t) => t.region === 'jiangmen');
  if (!table) return '';
  const named = table.rows.filter((row) => regions.includes(row.region));
  const rows = named.length > 0 ? named : table.rows;
  const t = k.messages.phones;
  const lines = rows.map((r) => fill(t.row, r));
  const header = fill(named.length > 0 ? t.headerNamed : t.header, { title: table.title });
  return [header, ...lines, fill(t.hours, { hours: table.hours })].join('\n');
}
