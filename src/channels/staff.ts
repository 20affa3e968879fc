// The hotline-staff lookup over HTTP: GET /api/search (ranked FAQ entries, phone rows and
// channels), GET /api/search/regions (the region filter's choices), the /staff page and,
// with STAFF_TOKEN set, the login at /staff/login and the logout at /staff/logout (both only
// from our own pages; at most 10 failed logins per address in 10 minutes). Everything lives in one encapsulated
// plugin, so the form parser and the page's security headers apply to these routes only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { regionName } from '../answers/compose.js';
import type { Clock } from '../calendar.js';
import type { Config } from '../config.js';
import { ERRORS } from '../http/errorMessages.js';
import { sendError } from '../http/errors.js';
import { sendRateLimited } from '../http/rateLimit.js';
import { isSameOrigin } from '../http/sameOrigin.js';
import { projectRoot } from '../knowledge/paths.js';
import type { Knowledge } from '../knowledge/types.js';
import { parseLookupParams } from '../lookup/params.js';
import type { StaffSearch } from '../lookup/search.js';
import type { ClaimStore } from '../storage/claims/claimStore.js';
import { readCookie, SESSION_COOKIE, StaffAuth } from './staffAuth.js';
import { registerStaffReport, type StaffReportPorts } from './staffReport.js';

export const STAFF_WEB_DIR = join(projectRoot, 'web', 'staff');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** The pages a login may return to. */
type StaffPage = '/staff' | '/staff/report';

interface Asset {
  type: string;
  body: string;
}

function readAssets() {
  const read = (file: string) => readFileSync(join(STAFF_WEB_DIR, file), 'utf8');
  const html = 'text/html; charset=utf-8';
  return {
    page: { type: html, body: read('index.html') },
    login: { type: html, body: read('login.html') },
    script: { type: 'text/javascript; charset=utf-8', body: read('staff.js') },
    style: { type: 'text/css; charset=utf-8', body: read('staff.css') },
    icon: { type: 'image/svg+xml', body: read('favicon.svg') },
  } satisfies Record<string, Asset>;
}

/** What the staff lookup uses: the search (built in src/app.ts), the regions to filter by, the clock. */
export interface StaffPorts {
  search: StaffSearch;
  knowledge: Knowledge;
  clock: Clock;
  /** Where ended sessions are kept (shared by every instance). */
  claims: ClaimStore;
  /** The curators' report page (/staff/report): the turn log and the matcher. */
  report?: Omit<StaffReportPorts, 'knowledge' | 'clock'>;
}

export function registerStaff(
  app: FastifyInstance,
  { search, knowledge, clock, claims, report }: StaffPorts,
  config: Config,
): void {
  const auth = config.STAFF_TOKEN ? new StaffAuth(config.STAFF_TOKEN, Date.now, claims) : undefined;
  const assets = readAssets();
  // The login form with its "wrong token" line shown (the line is written in login.html).
  const loginFailed = assets.login.body.replace(' hidden data-login-error', ' data-login-error');
  /** The login form that returns to `page` after logging in (only our own pages: no open redirect). */
  const loginFor = (page: StaffPage, html = assets.login.body) =>
    html.replace('name="next" value="/staff"', `name="next" value="${page}"`);
  if (!auth && !LOOPBACK.has(config.HOST))
    app.log.warn(
      'STAFF_TOKEN 未设置，/staff 和 /api/search 对所有能访问本服务的人开放 (STAFF_TOKEN is not set: the staff lookup is open)',
    );

  const send = (reply: FastifyReply, asset: Asset, status = 200) =>
    reply.code(status).header('content-type', asset.type).send(asset.body);
  const allowed = async (request: FastifyRequest): Promise<boolean> => !auth || (await auth.allows(request));

  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) => done(null, new URLSearchParams(body as string)),
    );
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', CSP);
      reply.header('x-frame-options', 'DENY');
      reply.header('cross-origin-opener-policy', 'same-origin');
      reply.header('cross-origin-resource-policy', 'same-origin');
      reply.header('cache-control', 'no-store');
      return payload;
    });

    scope.get('/api/search', async (request, reply) => {
      if (!(await allowed(request)))
        return sendError(reply.header('www-authenticate', 'Bearer realm="staff"'), 401, ERRORS.unauthorized);
      const parsed = parseLookupParams(knowledge, request.query as Record<string, unknown>);
      if (!parsed.ok) return sendError(reply, 400, parsed.error);
      const { q, region, limit } = parsed.params;
      const result = search.search(q, { region, limit, now: clock() });
      return reply.send({ ...result, total: result.results.length });
    });

    scope.get('/api/search/regions', async (request, reply) => {
      if (!(await allowed(request)))
        return sendError(reply.header('www-authenticate', 'Bearer realm="staff"'), 401, ERRORS.unauthorized);
      const k = knowledge;
      const regions = [...k.regions.values()]
        .filter((r) => r.covered)
        .map((r) => ({ id: r.id, name: regionName(k, r.id), level: r.level, parent: r.parent ?? null }));
      return reply.send({ regions });
    });

    // Without a login the page answers 401 with the login form, so a browser shows it at once.
    scope.get('/staff', async (request, reply) =>
      (await allowed(request)) ? send(reply, assets.page) : send(reply, assets.login, 401),
    );
    scope.get('/staff/', async (_request, reply) => reply.code(308).header('location', '/staff').send());
    if (report)
      registerStaffReport(scope, { ...report, knowledge, clock }, STAFF_WEB_DIR, {
        allowed,
        login: (reply) => send(reply, { ...assets.login, body: loginFor('/staff/report') }, 401),
      });
    // Script, style and icon hold no data: served to anyone (the login form uses them too).
    scope.get('/staff/staff.js', async (_request, reply) => send(reply, assets.script));
    scope.get('/staff/staff.css', async (_request, reply) => send(reply, assets.style));
    scope.get('/staff/favicon.svg', async (_request, reply) => send(reply, assets.icon));

    scope.get('/staff/login', async (_request, reply) =>
      auth ? send(reply, assets.login) : reply.code(303).header('location', '/staff').send(),
    );
    scope.post('/staff/login', async (request, reply) => {
      if (!auth) return reply.code(303).header('location', '/staff').send();
      if (!isSameOrigin(request)) return sendError(reply, 403, ERRORS.staff.crossSite);
      // Guessing the token: at most STAFF_LOGIN_FAILURES wrong ones per address per window.
      const limits = request.server.rateLimits;
      const before = await limits.peek(request, 'staffLogin', request.ip);
      if (!before.allowed) return sendRateLimited(reply, before);
      if (!(request.body instanceof URLSearchParams)) return sendError(reply, 415, ERRORS.staff.formType);
      const token = request.body.get('token') ?? '';
      const next: StaffPage = request.body.get('next') === '/staff/report' ? '/staff/report' : '/staff';
      if (!auth.checkToken(token)) {
        await limits.hit(request, 'staffLogin', request.ip);
        request.log.warn({ ip: request.ip }, 'staff login failed');
        return send(reply, { ...assets.login, body: loginFor(next, loginFailed) }, 401);
      }
      // Secure when the request came over TLS (behind a proxy: TRUST_PROXY makes this know).
      return reply
        .code(303)
        .header('set-cookie', auth.sessionCookie(request.protocol === 'https'))
        .header('location', next)
        .send();
    });
    scope.post('/staff/logout', async (request, reply) => {
      if (!auth) return reply.code(303).header('location', '/staff').send();
      if (!isSameOrigin(request)) return sendError(reply, 403, ERRORS.staff.crossSite);
      await auth.endSession(readCookie(request.headers.cookie, SESSION_COOKIE));
      return reply
        .code(303)
        .header('set-cookie', auth.clearedCookie(request.protocol === 'https'))
        .header('location', '/staff/login')
        .send();
    });
  });
}
