// GET/POST /wechat — the WeChat official account (公众号) server URL. A thin translator:
// verify the request (verify.ts), let the one bot answer through Conversations (turn.ts),
// send back one passive reply — encrypted when the message came encrypted.
// Bad signatures are 403 and bad bodies 4xx, before the bot ever runs.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../../config.js';
import { ERRORS } from '../../http/errorMessages.js';
import { sendError } from '../../http/errors.js';
import { userAllowed } from '../../http/rateLimit.js';
import { type Inbound, readMessage, type WechatMessage } from './message.js';
import { ReplayGuard } from './replay.js';
import { wechatSettings } from './settings.js';
import { wechatSignature } from './signature.js';
import { CHANNEL_ID, maskOpenid, type WechatPorts, WechatTurns } from './turn.js';
import { WechatVerifier } from './verify.js';
import { encryptedReplyXml, textReplyXml } from './xml.js';

export const WECHAT_PATH = '/wechat';
/** Largest XML body accepted (WeChat's messages are a few KB). */
export const WECHAT_BODY_LIMIT_BYTES = 64 * 1024;

/** Messages that run a bot turn (and count towards the per-user rate limit). */
const RUNS_BOT = new Set<Inbound['kind']>(['text', 'subscribe', 'click']);

export function registerWechat(app: FastifyInstance, ports: WechatPorts, config: Config): void {
  const settings = wechatSettings(config);
  if (!settings) return;
  const { token, cipher } = settings;
  for (const warning of settings.warnings) app.log.warn(warning);
  const verifier = new WechatVerifier(token, cipher, ports.clock, settings.mode);
  const replays = new ReplayGuard(ports.claims, ports.clock);
  const turns = new WechatTurns(ports, settings.deadlineMs);
  /** Why a verified message is still not WeChat's for this account (403), if it is not. */
  const misaddressed = (query: Record<string, unknown>, message: WechatMessage) => {
    // WeChat names the sender in the URL too; a URL of one user with another user's message is forged.
    if (query.openid !== message.from) return ERRORS.wechat.otherUser;
    if (settings.accountId && message.to !== settings.accountId) return ERRORS.wechat.otherAccount;
    return undefined;
  };
  const plain = (reply: FastifyReply, text: string) => reply.type('text/plain; charset=utf-8').send(text);

  app.register(async (scope) => {
    // Only this plugin reads XML (the rest of the server accepts JSON only): every body is
    // taken as UTF-8 text here and must then be WeChat's XML.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WECHAT_BODY_LIMIT_BYTES },
      (_request, body, done) => {
        try {
          done(null, new TextDecoder('utf-8', { fatal: true }).decode(body as Buffer));
        } catch {
          done(Object.assign(new Error(ERRORS.notUtf8), { statusCode: 400 }), undefined);
        }
      },
    );

    scope.get(WECHAT_PATH, async (request, reply) => {
      const echo = verifier.echo(request.query as Record<string, unknown>);
      return echo.ok ? plain(reply, echo.value) : sendError(reply, echo.status, echo.error);
    });

    scope.post(WECHAT_PATH, { bodyLimit: WECHAT_BODY_LIMIT_BYTES }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const verified = verifier.message(query, request.body);
      if (!verified.ok) {
        if (verified.error === ERRORS.wechat.noKey)
          request.log.error('wechat: an encrypted message arrived but WECHAT_ENCODING_AES_KEY is not set');
        return sendError(reply, verified.status, verified.error);
      }
      const { fields, encrypted, nonce } = verified.value;
      const message = readMessage(fields);
      if (!message) return sendError(reply, 400, ERRORS.wechat.notXml);
      const wrong = misaddressed(query, message);
      if (wrong) return sendError(reply, 403, wrong);
      // Same URL, same body: WeChat's retry (the dedupe record answers it); another body: forged.
      if ((await replays.admit(query, request.body as string)) === 'forged')
        return sendError(reply, 403, ERRORS.wechat.replayed);
      const { kind } = message.inbound;
      request.log.info({ wechat: { kind, user: maskOpenid(message.from) } }, 'wechat message');

      // WeChat's servers relay every user from few addresses: the limit is per openid.
      const limited = RUNS_BOT.has(kind) && !(await userAllowed(request, CHANNEL_ID, message.from)).allowed;
      const content = limited ? ports.messages.wechatTooFast : await turns.reply(message, request.log);
      if (!content) return plain(reply, 'success');

      const now = String(Math.floor(ports.clock().getTime() / 1000));
      const body = textReplyXml({
        toUser: message.from,
        fromUser: message.to,
        createTime: Number(now),
        content,
      });
      reply.type('application/xml; charset=utf-8');
      if (!encrypted || !cipher) return reply.send(body);
      const encrypt = cipher.encrypt(body);
      const signature = wechatSignature([token, now, nonce, encrypt]);
      return reply.send(encryptedReplyXml({ encrypt, signature, timestamp: now, nonce }));
    });
  });
}
