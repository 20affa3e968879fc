// What one WeChat message makes the bot do, and the one text that answers it — within
// WeChat's 5-second window, once per message however often WeChat retries it.
import { type Activity, ActivityTypes, type TurnContext } from 'botbuilder-core';
import type { FastifyBaseLogger } from 'fastify';
import type { Assistant } from '../../assistant/createAssistant.js';
import { OPEN_EVENT } from '../../bot.js';
import { maskPii } from '../../text/pii.js';
import { ReplyOnce } from './dedupe.js';
import type { WechatMessage } from './message.js';
import { renderTurn } from './render.js';

export const CHANNEL_ID = 'wechat';
const LATE = Symbol('late');

/** An openid in logs: enough to follow one user, not to identify them. */
export const maskOpenid = (openid: string) => `${openid.slice(0, 6)}…`;

export class WechatTurns {
  private readonly replies: ReplyOnce;

  constructor(
    private readonly assistant: Assistant,
    private readonly deadlineMs: number,
  ) {
    this.replies = new ReplyOnce(assistant.storage, assistant.clock);
  }

  /** The reply text ('' = answer "success": nothing to say, or the bot was too slow). */
  async reply(message: WechatMessage, log: FastifyBaseLogger): Promise<string> {
    const { inbound } = message;
    const messages = this.assistant.knowledge.messages;
    if (inbound.kind === 'ignored') return '';
    if (inbound.kind === 'unsupported') return messages.wechatTextOnly ?? '';
    const work = this.replies.once(message.dedupeKey, () => this.run(message));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((resolve) => {
      timer = setTimeout(() => resolve(LATE), this.deadlineMs);
    });
    try {
      const result = await Promise.race([work, late]);
      if (result !== LATE) return result;
      // The turn goes on and its state is saved; a later retry gets the stored reply.
      log.warn(
        { wechat: { kind: inbound.kind, user: maskOpenid(message.from), deadlineMs: this.deadlineMs } },
        'wechat: no reply within the deadline, answered "success"',
      );
      work.catch((error: unknown) =>
        log.error({ err: { message: maskPii(String((error as Error)?.message)) } }, 'wechat turn failed'),
      );
      return '';
    } catch (error) {
      log.error({ err: { message: maskPii(String((error as Error)?.message)) } }, 'wechat turn failed');
      return messages.turnError ?? '';
    } finally {
      clearTimeout(timer);
    }
  }

  private async run(message: WechatMessage): Promise<string> {
    const { inbound, from } = message;
    const { adapter, bot, conversationState, userState } = this.assistant;
    const base = { channelId: CHANNEL_ID, userId: from, conversationId: `${CHANNEL_ID}:${from}` };
    const runBot = (context: TurnContext) => bot.run(context);
    let activities: Partial<Activity>[];
    switch (inbound.kind) {
      case 'text':
        activities = await adapter.process({ ...base, text: inbound.text }, runBot);
        break;
      case 'subscribe':
        activities = await adapter.process(
          {
            ...base,
            type: ActivityTypes.ConversationUpdate,
            extra: { membersAdded: [{ id: from, name: from }] },
          },
          runBot,
        );
        break;
      case 'click':
        activities = await adapter.process(
          { ...base, type: ActivityTypes.Event, extra: { name: OPEN_EVENT, value: inbound.key } },
          runBot,
        );
        break;
      case 'unsubscribe':
        // Forget the user: their conversation (dialog, memory) and user state. As a turn of
        // their conversation, so it never interleaves with one still running.
        await adapter.process(
          { ...base, type: ActivityTypes.Event, extra: { name: 'unsubscribe' } },
          async (c) => {
            await conversationState.delete(c);
            await userState.delete(c);
          },
        );
        return '';
      default:
        return '';
    }
    return renderTurn(activities, this.assistant.knowledge.messages, this.assistant.toTraditional);
  }
}
