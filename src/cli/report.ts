// npm run report -- --since 2026-11-01 [--until 2026-11-30] [--format text|csv] [--limit 20]
//   [--below 0.55]
// The curators' report from the turn log the server writes (the SQLite file, or Redis when
// STORAGE=redis — same settings as the server): top unanswered and low-confidence
// questions, intent counts, channels. Dates are days in Beijing time; --until is inclusive.
import './quietPipe.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { isValidDate } from '../calendar.js';
import { ConfigError, loadConfig } from '../config.js';
import { defaultKnowledgeDir } from '../knowledge/paths.js';
import { formatCsv, formatText } from '../report/reportFormat.js';
import { buildReport } from '../report/turnReport.js';
import { storageSettings } from '../storage/settings.js';
import { openTurnLogReader } from '../storage/turnLog/turnLogReader.js';

const USAGE = `用法 usage: npm run report -- --since 2026-11-01 [--until 2026-11-30] [--format text|csv] [--limit 20] [--below 0.55]
  --since   起始日期（北京时间，含当天）/ first day, Beijing time (default: 7 days ago)
  --until   结束日期（含当天）/ last day, inclusive (default: today)
  --format  text（默认）或 csv / text (default) or csv
  --limit   每张问题表的行数 / rows per question table (default 20)
  --below   低于此置信度算“低置信度”/ low-confidence threshold (default: strong in matcher.yaml)`;

const SHANGHAI_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

class UsageError extends Error {}

/** Midnight (Beijing time) starting the given day, as ms since the epoch. */
function dayStart(value: string, name: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3])))
    throw new UsageError(
      `${name} 应为日期，如 2026-11-01 / ${name} must be a date such as 2026-11-01: "${value}"`,
    );
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - SHANGHAI_MS;
}

function positive(value: string, name: string, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new UsageError(
      `${name} 应为 0 到 ${max} 之间的数 / ${name} must be a number in (0, ${max}]: "${value}"`,
    );
  return n;
}

function defaultThreshold(knowledgeDir: string): number {
  try {
    const strong = (parse(readFileSync(join(knowledgeDir, 'matcher.yaml'), 'utf8')) as { strong?: unknown })
      .strong;
    return typeof strong === 'number' ? strong : 0.55;
  } catch {
    return 0.55;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      since: { type: 'string' },
      until: { type: 'string' },
      format: { type: 'string', default: 'text' },
      limit: { type: 'string', default: '20' },
      below: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const now = Date.now();
  const today = dayStart(new Date(now + SHANGHAI_MS).toISOString().slice(0, 10), '--until');
  const since = values.since ? dayStart(values.since, '--since') : today - 7 * DAY_MS;
  const until = (values.until ? dayStart(values.until, '--until') : today) + DAY_MS;
  if (until <= since) throw new UsageError('--until 不能早于 --since / --until must not be before --since');
  if (values.format !== 'text' && values.format !== 'csv')
    throw new UsageError(`--format 应为 text 或 csv / --format must be text or csv: "${values.format}"`);
  const limit = Math.floor(positive(values.limit, '--limit', 10_000));
  const config = loadConfig(process.env);
  const options = {
    limit,
    lowConfidence: values.below
      ? positive(values.below, '--below', 1)
      : defaultThreshold(config.KNOWLEDGE_DIR ?? defaultKnowledgeDir),
  };
  const reader = await openTurnLogReader(storageSettings(config));
  try {
    const records = await reader.turnLog.list(since, until);
    const report = buildReport(records, options);
    process.stdout.write(
      values.format === 'csv'
        ? formatCsv(report)
        : formatText(report, { since, until: until - 1, source: reader.where }, options),
    );
  } finally {
    await reader.close();
  }
}

main().catch((err: Error) => {
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(
    usage
      ? `${err.message}\n${USAGE}`
      : err instanceof ConfigError
        ? err.message
        : `报告失败 (report failed): ${err.message}`,
  );
  process.exit(usage ? 2 : 1);
});
