// The Jiangmen filing/consultation phone table, or just the rows of the districts the
// asker named (江门 台山 电话 → 台山市 only).
import type { Knowledge } from '../knowledge/types.js';

export function jiangmenPhones(k: Knowledge, regions: string[]): string {
  const table = k.contacts.find((t) => t.region === 'jiangmen');
  if (!table) return '';
  const named = table.rows.filter((row) => regions.includes(row.region));
  const rows = named.length > 0 ? named : table.rows;
  const lines = rows.map((r) => `${r.label}：备案电话 ${r.filing}，咨询电话 ${r.consult}`);
  const header = named.length > 0 ? `${table.title}（按参保地）：` : `${table.title}：`;
  return [header, ...lines, `服务时间：${table.hours}`].join('\n');
}
