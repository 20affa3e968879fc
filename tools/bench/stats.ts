// Summaries and formatting for benchmark tables (percentiles as the curators' report computes them).
import { percentile } from '../../src/report/stats.js';

export function summarize(samples: number[]): { p50: number; p99: number; mean: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean, n: samples.length };
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 3 : 1)} ms`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  return rows
    .map((r) => r.map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...c].length))).join('  '))
    .join('\n');
}
