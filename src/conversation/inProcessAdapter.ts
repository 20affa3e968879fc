// A botbuilder adapter for ways in that answer within the same request: the JSON ask API,
// the terminal chat, the eval runner, WeChat's passive replies and Direct Line. It runs one
// turn and returns the activities the bot sent in it. Locking, the turn log and errors are
// the business of Conversations (conversations.ts), which runs every turn through here.
import {
  type Activity,
  ActivityTypes,
  BotAdapter,
  type ConversationReference,
  type ResourceResponse,
  TurnContext,
} from 'botbuilder-core';

const REPLIES = Symbol('replies');

export interface IncomingMessage {
  channelId: string;
  userId: string;
  conversationId: string;
  text?: string;
  type?: string;
  /** Extra activity fields (value, channelData, name for events). */
  extra?: Partial<Activity>;
}

export class InProcessAdapter extends BotAdapter {
  private sequence = 0;

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
    const activity: Partial<Activity> = {
      type: message.type ?? ActivityTypes.Message,
      id: `m${++this.sequence}`,
      timestamp: new Date(),
      channelId: message.channelId,
      serviceUrl: 'inproc://local',
      from: { id: message.userId, name: message.userId, role: 'user' },
      recipient: { id: 'yidi-bot', name: '异地就医备案助手', role: 'bot' },
      conversation: { id: message.conversationId, isGroup: false, conversationType: 'personal', name: '' },
      locale: 'zh-CN',
      text: message.text,
      ...message.extra,
    };
    const context = new TurnContext(this, activity);
    const replies: Partial<Activity>[] = [];
    context.turnState.set(REPLIES, replies);
    await this.runMiddleware(context, logic);
    return replies;
  }
}
