// The curators' report page behind the staff login: GET /staff/report (the page with its
// charts), GET /api/staff/report (its data: the same report as `npm run report`, plus days
// by outcome and similar unanswered questions) and GET /api/staff/report.csv (the CSV of
// `npm run report -- --format csv` for the same period). Chart.js is served from the
// installed package (no CDN). Registered inside the staff plugin, so its login, CSP and
// no-store headers apply.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../calendar.js';
import { ERRORS } from '../http/errorMessages.js';
import { sendError } from '../http/errors.js';
import type { Knowledge } from '../knowledge/types.js';
import type { Matcher } from '../matcher/index.js';
import { parsePeriod } from '../report/period.js';
import { formatCsv } from '../report/reportFormat.js';
import { reportPageData } from '../report/reportPage.js';
import type { NearMatch } from '../report/similarQuestions.js';
import { buildReport } from '../report/turnReport.js';
import type { TurnLogStore } from '../storage/turnLog/turnLog.js';

/** Rows of the unanswered and low-confidence tables. */
const REPORT_ROWS = 30;

export interface StaffReportPorts {
  /** Absent when no turn log is kept (TURN_LOG=off, STORAGE=memory without one). */
  turnLog?: TurnLogStore;
  matcher: Matcher;
  knowledge: Knowledge;
  clock: Clock;
}

interface Asset {
  type: string;
  body: string | Buffer;
}

/** Chart.js's UMD build in the installed package. */
export function chartJsPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}

export function registerStaffReport(
  scope: FastifyInstance,
  { turnLog, matcher, knowledge, clock }: StaffReportPorts,
  webDir: string,
  access: {
    allowed(request: FastifyRequest): Promise<boolean>;
    /** The login form (401), for the page when not logged in. */
    login(reply: FastifyReply): FastifyReply;
  },
): void {
  const read = (file: string) => readFileSync(join(webDir, file), 'utf8');
  const assets = {
    page: { type: 'text/html; charset=utf-8', body: read('report.html') },
    script: { type: 'text/javascript; charset=utf-8', body: read('report.js') },
    style: { type: 'text/css; charset=utf-8', body: read('report.css') },
    chart: { type: 'text/javascript; charset=utf-8', body: readFileSync(chartJsPath()) },
  } satisfies Record<string, Asset>;
  const send = (reply: FastifyReply, asset: Asset) =>
    reply.code(200).header('content-type', asset.type).send(asset.body);
  const options = { limit: REPORT_ROWS, lowConfidence: knowledge.matcher.strong };
  const nearest = (question: string): NearMatch | undefined => {
    const top = matcher.match(question, { now: clock() }).candidates[0];
    return top && { id: top.entry.id, question: top.entry.question, score: Number(top.score.toFixed(3)) };
  };

  /** The turns of the requested period, or the error already sent. */
  const turnsOf = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!(await access.allowed(request))) {
      sendError(reply.header('www-authenticate', 'Bearer realm="staff"'), 401, ERRORS.unauthorized);
      return undefined;
    }
    const parsed = parsePeriod(request.query as Record<string, unknown>, clock());
    if (!parsed.ok) {
      sendError(reply, 400, parsed.error);
      return undefined;
    }
    if (!turnLog) {
      sendError(reply, 404, ERRORS.report.noTurnLog);
      return undefined;
    }
    const { period } = parsed;
    return { period, records: await turnLog.list(period.since, period.until) };
  };

  scope.get('/staff/report', async (request, reply) =>
    (await access.allowed(request)) ? send(reply, assets.page) : access.login(reply),
  );
  scope.get('/staff/report.js', async (_request, reply) => send(reply, assets.script));
  scope.get('/staff/report.css', async (_request, reply) => send(reply, assets.style));
  scope.get('/staff/chart.umd.js', async (_request, reply) => send(reply, assets.chart));

  scope.get('/api/staff/report', async (request, reply) => {
    const turns = await turnsOf(request, reply);
    if (!turns) return reply;
    return reply.send(reportPageData(turns.records, turns.period, options, nearest));
  });
  scope.get('/api/staff/report.csv', async (request, reply) => {
    const turns = await turnsOf(request, reply);
    if (!turns) return reply;
    const { since, until } = turns.period.days;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="yidi-report-${since}-${until}.csv"`)
      .send(`\ufeff${formatCsv(buildReport(turns.records, options))}`);
  });
}
