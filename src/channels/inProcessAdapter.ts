// A botbuilder adapter for ways in that answer within the same request: the JSON ask API,
// the terminal chat, the eval runner and WeChat's passive replies. It runs the turn through
// the adapter's middleware like any other adapter and returns the activities the bot sent.
// Turns of one conversation are serialized so two requests of one user never interleave.
import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder-core';
import { localTurnLock, type TurnLock } from '../storage/turnLock.js';

const REPLIES = Symbol('replies');

export interface IncomingMessage {
  channelId: string;
  userId: string;
  conversationId?: string;
  text?: string;
  type?: string;
  /** Extra activity fields (value, channelData, name for events). */
  extra?: Partial<Activity>;
}

export class InProcessAdapter extends BotAdapter {
  private sequence = 0;
  private readonly running = new Set<Promise<unknown>>();

  /**
   * `lock` serializes the turns of one conversation: in-process by default, across
   * instances with a RedisTurnLock (STORAGE=redis). Other adapters can run turns in it too.
   */
  constructor(readonly lock: TurnLock = localTurnLock()) {
    super();
  }

  /** Resolves when no turn is running or waiting (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(REPLIES) as Partial<Activity>[] | undefined;
    return activities.map((a) => {
      const id = `r${++this.sequence}`;
      if (a.type !== 'delay' && replies) replies.push({ ...a, id });
      return { id };
    });
  }

  async updateActivity(): Promise<void> {
    throw new Error('updateActivity is not supported by the in-process adapter');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('deleteActivity is not supported by the in-process adapter');
  }

  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continue' },
      reference,
      true,
    );
    const context = new TurnContext(this, activity);
    context.turnState.set(REPLIES, []);
    await this.runMiddleware(context, logic);
  }

  /** Run one turn and return what the bot sent in it. */
  async process(
    message: IncomingMessage,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<Partial<Activity>[]> {
    const conversationId = message.conversationId ?? `${message.channelId}:${message.userId}`;
    const turn = this.lock.run(conversationId, async () => {
      const activity: Partial<Activity> = {
        type: message.type ?? ActivityTypes.Message,
        id: `m${++this.sequence}`,
        timestamp: new Date(),
        channelId: message.channelId,
        serviceUrl: 'inproc://local',
        from: { id: message.userId, name: message.userId, role: 'user' },
        recipient: { id: 'yidi-bot', name: '异地就医备案助手', role: 'bot' },
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        locale: 'zh-CN',
        text: message.text,
        ...message.extra,
      };
      const context = new TurnContext(this, activity);
      const replies: Partial<Activity>[] = [];
      context.turnState.set(REPLIES, replies);
      await this.runMiddleware(context, logic);
      return replies;
    });
    this.running.add(turn);
    void turn.then(
      () => this.running.delete(turn),
      () => this.running.delete(turn),
    );
    return turn;
  }
}
