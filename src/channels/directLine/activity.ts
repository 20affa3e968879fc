// What a Direct Line client may post, and the activity this channel logs for it. Only the
// fields the bot and Web Chat use are kept: Web Chat matches its message to the echo by
// channelData.clientActivityID; anything else a client sends is dropped, never stored.
import { z } from 'zod';
import { ERRORS } from '../../http/errorMessages.js';

export const SUPPORTED_TYPES = ['message', 'event', 'typing', 'conversationUpdate'] as const;
export type PostedType = (typeof SUPPORTED_TYPES)[number];
/** Longest text accepted; the bot itself answers "too long" above its own, smaller limit. */
export const MAX_POSTED_TEXT = 2000;
const MAX_VALUE_JSON = 4096;
/** The event Web Chat pages send when they connect (the bot greets once per conversation). */
export const JOIN_EVENT = 'webchat/join';

const shortString = (max: number) => z.string().max(max);
const postedSchema = z.looseObject({
  type: z.string().min(1).max(64),
  text: shortString(MAX_POSTED_TEXT).nullish(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).nullish(),
  name: shortString(128).nullish(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/)
    .nullish(),
  from: z.looseObject({ id: z.string().nullish(), name: shortString(128).nullish() }).nullish(),
  channelData: z
    .looseObject({
      clientActivityID: shortString(128).nullish(),
      clientTimestamp: shortString(64).nullish(),
    })
    .nullish(),
  attachments: z.array(z.unknown()).nullish(),
  membersAdded: z.array(z.looseObject({ id: z.string().max(128) })).nullish(),
  value: z.unknown().optional(),
});

export interface PostedActivity {
  type: PostedType;
  text?: string;
  textFormat?: string;
  name?: string;
  locale?: string;
  fromId?: string;
  fromName?: string;
  clientActivityID?: string;
  clientTimestamp?: string;
  membersAdded: boolean;
  value?: unknown;
}

export type ParseResult = { ok: true; activity: PostedActivity } | { ok: false; error: string };

const VISIBLE_ID = /^[\x21-\x7e\p{L}\p{N}]{1,64}$/u;

export function isUserId(id: string): boolean {
  return VISIBLE_ID.test(id);
}

export function parsePosted(body: unknown): ParseResult {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return fail(ERRORS.notObject);
  const parsed = postedSchema.safeParse(body);
  if (!parsed.success) return fail(ERRORS.activityField(String(parsed.error.issues[0]?.path[0] ?? '')));
  const a = parsed.data;
  const type = SUPPORTED_TYPES.find((t) => t === a.type);
  if (!type) return fail(ERRORS.directLine.unsupportedType(a.type.slice(0, 64)));
  if (a.attachments && a.attachments.length > 0) return fail(ERRORS.directLine.attachments);
  if (a.from?.id != null && !isUserId(a.from.id)) return fail(ERRORS.activityField('from'));
  if (a.value !== undefined && (JSON.stringify(a.value)?.length ?? 0) > MAX_VALUE_JSON)
    return fail(ERRORS.activityField('value'));
  return {
    ok: true,
    activity: {
      type,
      text: a.text ?? undefined,
      textFormat: a.textFormat ?? undefined,
      name: a.name ?? undefined,
      locale: a.locale ?? undefined,
      fromId: a.from?.id ?? undefined,
      fromName: a.from?.name ?? undefined,
      clientActivityID: a.channelData?.clientActivityID ?? undefined,
      clientTimestamp: a.channelData?.clientTimestamp ?? undefined,
      membersAdded: (a.membersAdded?.length ?? 0) > 0,
      value: a.value,
    },
  };
}

/** A join: Web Chat's webchat/join event, or a client's conversationUpdate adding members. */
export function isJoin(a: PostedActivity): boolean {
  return (a.type === 'event' && a.name === JOIN_EVENT) || (a.type === 'conversationUpdate' && a.membersAdded);
}

function fail(error: string): ParseResult {
  return { ok: false, error };
}
