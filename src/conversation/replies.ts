// How a Reply (src/answers/reply.ts) goes out in a turn: as a message activity with the
// suggestions as buttons and the metadata in channelData, in Traditional characters when the
// user wrote Traditional (the bot marks the turn). The bot and the dialogs send through this.
import { type Activity, ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder-core';
import type { Reply } from '../answers/reply.js';
import type { ToTraditional } from '../text/traditional.js';

/** Channel-neutral metadata of a reply, carried in channelData for channels that need it. */
export const META_KEY = 'yidi';
const TRADITIONAL = Symbol('traditional');

/**
 * A reply as a message activity: text, suggested actions, and the metadata in channelData;
 * converted to Traditional when a converter is given (the user wrote Traditional).
 */
export function toActivity(reply: Reply, toTraditional?: ToTraditional): Partial<Activity> {
  const traditional = toTraditional !== undefined;
  const convert = toTraditional ?? ((s: string) => s);
  const suggestions = reply.meta.suggestions.map(convert);
  const text = convert(reply.text);
  const activity: Partial<Activity> =
    suggestions.length > 0 ? MessageFactory.suggestedActions(suggestions, text) : MessageFactory.text(text);
  activity.type = ActivityTypes.Message;
  activity.locale = traditional ? 'zh-TW' : 'zh-CN';
  activity.channelData = { [META_KEY]: { ...reply.meta, suggestions } };
  return activity;
}

export class Replies {
  constructor(private readonly toTraditional: ToTraditional) {}

  /** This turn's replies are in Traditional (the user's message was). */
  markTraditional(context: TurnContext, traditional: boolean): void {
    context.turnState.set(TRADITIONAL, traditional);
  }

  /** The reply as an activity for this turn. */
  activity(context: TurnContext, reply: Reply): Partial<Activity> {
    return toActivity(reply, context.turnState.get(TRADITIONAL) === true ? this.toTraditional : undefined);
  }

  async send(context: TurnContext, reply: Reply): Promise<void> {
    await context.sendActivity(this.activity(context, reply));
  }
}
