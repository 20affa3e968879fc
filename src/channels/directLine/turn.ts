// One posted activity: log the user's activity (the echo Web Chat waits for), run the one
// bot's turn, log its replies with Direct Line ids, push both to the open streams. A join
// greets once per conversation. All of it happens in one session of the conversation (its
// turn lock, across instances with Redis), so the log reads user → replies → user. The log
// keeps the user's text with ID-card and phone numbers masked; the raw text lives only in
// memory for the turn and in the live echo to the conversation's own streams.
import type { Activity } from 'botbuilder-core';
import type { Clock } from '../../calendar.js';
import type { Conversations, Session } from '../../conversation/conversations.js';
import { maskForStorage } from '../../text/pii.js';
import { isJoin, type PostedActivity } from './activity.js';
import type { ConversationStore, DirectLineActivity } from './store.js';
import type { StreamHub } from './stream.js';

export const CHANNEL_ID = 'directline';
/** Reply fields a Direct Line client can use; adapter internals (serviceUrl…) stay behind. */
const REPLY_FIELDS = [
  'type',
  'text',
  'textFormat',
  'locale',
  'speak',
  'inputHint',
  'suggestedActions',
  'attachments',
  'attachmentLayout',
  'channelData',
  'name',
  'value',
] as const;

export class DirectLineTurns {
  constructor(
    private readonly conversations: Conversations,
    private readonly store: ConversationStore,
    private readonly hub: StreamHub,
    private readonly clock: Clock,
  ) {}

  /** Handles a posted activity of `userId` in a conversation that exists; returns the echo's id. */
  async post(conversationId: string, userId: string, posted: PostedActivity): Promise<string> {
    const now = this.clock();
    if (posted.type === 'typing') return `${conversationId}|typing`;
    const address = { channel: CHANNEL_ID, user: userId, conversation: conversationId };
    return this.conversations.session(address, async (session) => {
      const live = this.echoOf(conversationId, userId, posted, now);
      const echo = await this.store.append(conversationId, [masked(live)]);
      // The client's own streams see what it sent (its id from the log); the log, polling
      // and a reconnect read the masked text.
      const echoed = echo.activities.map((a) => ({ ...live, id: a.id }) as DirectLineActivity);
      this.hub.publish(conversationId, echoed, echo.watermark);
      const echoId = echo.activities[0]?.id ?? '';
      const replies = await this.runBot(session, conversationId, posted);
      if (replies.length > 0) {
        const timestamp = this.clock().toISOString();
        const logged = await this.store.append(
          conversationId,
          replies.map((r) => this.replyOf(r, conversationId, userId, echoId, timestamp)),
        );
        this.hub.publish(conversationId, logged.activities, logged.watermark);
      }
      return echoId;
    });
  }

  private async runBot(
    session: Session,
    conversationId: string,
    posted: PostedActivity,
  ): Promise<Partial<Activity>[]> {
    if (isJoin(posted)) return (await this.store.markWelcomed(conversationId)) ? session.join() : [];
    const fields = { value: posted.value, locale: posted.locale };
    if (posted.type === 'message') return session.message(posted.text, { ...fields, name: posted.name });
    if (posted.type === 'event') return session.event(posted.name ?? '', posted.value, fields);
    return []; // a conversationUpdate that adds no one: nothing for the bot
  }

  private echoOf(
    conversationId: string,
    userId: string,
    posted: PostedActivity,
    now: Date,
  ): Omit<DirectLineActivity, 'id'> {
    const channelData = posted.clientActivityID
      ? { clientActivityID: posted.clientActivityID, clientTimestamp: posted.clientTimestamp }
      : undefined;
    return clean({
      type: posted.type,
      channelId: CHANNEL_ID,
      timestamp: now.toISOString(),
      conversation: { id: conversationId },
      from: { id: userId, name: posted.fromName ?? userId, role: 'user' },
      text: posted.text,
      textFormat: posted.textFormat,
      locale: posted.locale,
      name: posted.name,
      value: posted.value,
      channelData,
    });
  }

  private replyOf(
    reply: Partial<Activity>,
    conversationId: string,
    userId: string,
    replyToId: string,
    timestamp: string,
  ): Omit<DirectLineActivity, 'id'> {
    const fields: Record<string, unknown> = {};
    for (const key of REPLY_FIELDS) if (reply[key] !== undefined) fields[key] = reply[key];
    // Our texts are plain lines; as markdown, Web Chat would join the lines into one paragraph.
    if (typeof fields.text === 'string' && !fields.textFormat) fields.textFormat = 'plain';
    return clean({
      ...fields,
      type: reply.type ?? 'message',
      channelId: CHANNEL_ID,
      timestamp,
      conversation: { id: conversationId },
      from: { id: reply.from?.id ?? 'yidi-bot', name: reply.from?.name, role: 'bot' },
      recipient: { id: userId, role: 'user' },
      replyToId,
    });
  }
}

/** The activity as the log keeps it: numbers in its text and string values masked. */
function masked(activity: Omit<DirectLineActivity, 'id'>): Omit<DirectLineActivity, 'id'> {
  const maskValue = (v: unknown): unknown => {
    if (typeof v === 'string') return maskForStorage(v);
    if (Array.isArray(v)) return v.map(maskValue);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskValue(x)]));
    return v;
  };
  const { text, value } = activity;
  return {
    ...activity,
    ...(typeof text === 'string' ? { text: maskForStorage(text) } : {}),
    ...(value !== undefined ? { value: maskValue(value) } : {}),
  };
}

/** JSON without undefined members (what the store and the wire would drop anyway). */
function clean<T extends Record<string, unknown>>(value: T): Omit<DirectLineActivity, 'id'> {
  return JSON.parse(JSON.stringify(value)) as Omit<DirectLineActivity, 'id'>;
}
