// One posted activity: log the user's activity (the echo Web Chat waits for), run the one
// bot through the in-process adapter, log its replies with Direct Line ids, push both to the
// open streams. A join greets once per conversation. Turns of a conversation on this
// instance run one after another, so the log reads user → replies → user.
import type { Activity } from 'botbuilder-core';
import type { Assistant } from '../../assistant/createAssistant.js';
import { KeyedLock } from '../../keyedLock.js';
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
  private readonly lock = new KeyedLock();

  constructor(
    private readonly assistant: Assistant,
    private readonly store: ConversationStore,
    private readonly hub: StreamHub,
  ) {}

  /** Handles a posted activity of `userId` in a conversation that exists; returns the echo's id. */
  async post(conversationId: string, userId: string, posted: PostedActivity): Promise<string> {
    const now = this.assistant.clock();
    if (posted.type === 'typing') return `${conversationId}|typing`;
    return this.lock.run(conversationId, async () => {
      const echo = await this.store.append(conversationId, [
        this.echoOf(conversationId, userId, posted, now),
      ]);
      this.hub.publish(conversationId, echo.activities, echo.watermark);
      const echoId = echo.activities[0]?.id ?? '';
      const replies = await this.runBot(conversationId, userId, posted);
      if (replies.length > 0) {
        const timestamp = this.assistant.clock().toISOString();
        const logged = await this.store.append(
          conversationId,
          replies.map((r) => this.replyOf(r, conversationId, userId, echoId, timestamp)),
        );
        this.hub.publish(conversationId, logged.activities, logged.watermark);
      }
      return echoId;
    });
  }

  private async runBot(conversationId: string, userId: string, posted: PostedActivity) {
    const { adapter, bot } = this.assistant;
    const logic = (context: Parameters<typeof bot.run>[0]) => bot.run(context);
    if (isJoin(posted)) {
      if (!(await this.store.markWelcomed(conversationId))) return [];
      return adapter.process(
        {
          channelId: CHANNEL_ID,
          userId,
          conversationId,
          type: 'conversationUpdate',
          extra: { membersAdded: [{ id: userId, name: userId }] },
        },
        logic,
      );
    }
    return adapter.process(
      {
        channelId: CHANNEL_ID,
        userId,
        conversationId,
        type: posted.type,
        text: posted.text,
        extra: {
          ...(posted.value !== undefined ? { value: posted.value } : {}),
          ...(posted.name ? { name: posted.name } : {}),
          ...(posted.locale ? { locale: posted.locale } : {}),
        },
      },
      logic,
    );
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

/** JSON without undefined members (what the store and the wire would drop anyway). */
function clean<T extends Record<string, unknown>>(value: T): Omit<DirectLineActivity, 'id'> {
  return JSON.parse(JSON.stringify(value)) as Omit<DirectLineActivity, 'id'>;
}
