// What a WeChat message asks of the bot: a text (typed, or a voice message WeChat already
// recognised), a subscription, an unsubscription, a menu click — or something we cannot
// read (pictures, places, links, video …) or that needs no reply (other events).
import { createHash } from 'node:crypto';
import type { WechatFields } from './xml.js';

export type Inbound =
  | { kind: 'text'; text: string }
  | { kind: 'subscribe' }
  | { kind: 'unsubscribe' }
  | { kind: 'click'; key: string }
  | { kind: 'unsupported'; type: string }
  | { kind: 'ignored'; type: string };

export interface WechatMessage {
  /** The user's openid (FromUserName). */
  from: string;
  /** The official account's id (ToUserName). */
  to: string;
  /** Identifies one message of this user across WeChat's retries (MsgId, or CreateTime for events). */
  dedupeKey: string;
  inbound: Inbound;
}

const OPENID = /^[A-Za-z0-9_-]{1,64}$/;
const ACCOUNT = /^[A-Za-z0-9_@.-]{1,64}$/;
const DIGITS = /^[0-9]{1,24}$/;

/** The message in a WeChat XML's fields, or undefined when required fields are missing or malformed. */
export function readMessage(f: WechatFields): WechatMessage | undefined {
  const from = f.FromUserName ?? '';
  const to = f.ToUserName ?? '';
  const createTime = f.CreateTime ?? '';
  const type = (f.MsgType ?? '').toLowerCase();
  if (!OPENID.test(from) || !ACCOUNT.test(to) || !DIGITS.test(createTime) || !/^[a-z_]{1,32}$/.test(type))
    return undefined;
  const msgId = f.MsgId && DIGITS.test(f.MsgId) ? f.MsgId : undefined;
  if (type === 'event') {
    const event = (f.Event ?? '').toLowerCase();
    const key = f.EventKey ?? '';
    // Events carry no MsgId: WeChat's advice is FromUserName + CreateTime; the event and its
    // key tell apart two events of the same second (subscribe, then a menu click).
    const tag = createHash('sha1').update(`${event}\n${key}`).digest('hex').slice(0, 12);
    const dedupeKey = `e${createTime}-${tag}`;
    if (event === 'subscribe') return { from, to, dedupeKey, inbound: { kind: 'subscribe' } };
    if (event === 'unsubscribe') return { from, to, dedupeKey, inbound: { kind: 'unsubscribe' } };
    if (event === 'click' && key.trim())
      return { from, to, dedupeKey, inbound: { kind: 'click', key: key.trim() } };
    return { from, to, dedupeKey, inbound: { kind: 'ignored', type: `event:${event}` } };
  }
  const dedupeKey = msgId ?? `t${createTime}`;
  if (type === 'text') return { from, to, dedupeKey, inbound: { kind: 'text', text: f.Content ?? '' } };
  const recognition = (f.Recognition ?? '').trim();
  if (type === 'voice' && recognition)
    return { from, to, dedupeKey, inbound: { kind: 'text', text: recognition } };
  return { from, to, dedupeKey, inbound: { kind: 'unsupported', type } };
}
