// How a Reply (src/answers/reply.ts) goes out in a turn: as a message activity with the
// suggestions as buttons and the metadata in channelData, in Traditional characters when the
// user wrote Traditional (the bot marks the turn). The bot and the dialogs send through this.
import {
  ActionTypes,
  type Activity,
  ActivityTypes,
  CardFactory,
  MessageFactory,
  type TurnContext,
} from 'botbuilder-core';
import type { Reply } from '../answers/reply.js';
import type { ToTraditional } from '../text/traditional.js';

/** Channel-neutral metadata of a reply, carried in channelData for channels that need it. */
export const META_KEY = 'yidi';
const TRADITIONAL = Symbol('traditional');

/**
 * A reply as a message activity: text, suggested actions, and the metadata in channelData;
 * converted to Traditional when a converter is given (the user wrote Traditional).
 */
export function toActivity(
  reply: Reply,
  toTraditional?: ToTraditional,
  feedbackButtons: string[] = [],
): Partial<Activity> {
  const traditional = toTraditional !== undefined;
  const convert = toTraditional ?? ((s: string) => s);
  const suggestions = reply.meta.suggestions.map(convert);
  const text = convert(reply.text);
  // 有用 / 没用 go with the buttons only, not the suggestions (WeChat numbers those).
  const buttons = reply.meta.askFeedback ? [...suggestions, ...feedbackButtons.map(convert)] : suggestions;
  const activity: Partial<Activity> =
    buttons.length > 0 ? MessageFactory.suggestedActions(buttons, text) : MessageFactory.text(text);
  const calls = reply.meta.calls ?? [];
  if (calls.length > 0) {
    // A card with call buttons where the channel shows cards (Web Chat, Teams); WeChat reads the text.
    activity.attachments = [
      CardFactory.heroCard(
        '',
        undefined,
        calls.map((c) => ({ type: ActionTypes.OpenUrl, title: convert(c.label), value: `tel:${c.number}` })),
      ),
    ];
  }
  activity.type = ActivityTypes.Message;
  activity.locale = traditional ? 'zh-TW' : 'zh-CN';
  activity.channelData = { [META_KEY]: { ...reply.meta, suggestions } };
  return activity;
}

export class Replies {
  constructor(
    private readonly toTraditional: ToTraditional,
    /** 有用 / 没用 under FAQ answers (basics.yaml · feedback.buttons). */
    private readonly feedbackButtons: string[] = [],
  ) {}

  /** This turn's replies are in Traditional (the user's message was). */
  markTraditional(context: TurnContext, traditional: boolean): void {
    context.turnState.set(TRADITIONAL, traditional);
  }

  /** A text in this turn's script (Traditional when the user wrote Traditional). */
  inScript(context: TurnContext, text: string): string {
    return context.turnState.get(TRADITIONAL) === true ? this.toTraditional(text) : text;
  }

  /** The reply as an activity for this turn. */
  activity(context: TurnContext, reply: Reply): Partial<Activity> {
    const traditional = context.turnState.get(TRADITIONAL) === true;
    return toActivity(reply, traditional ? this.toTraditional : undefined, this.feedbackButtons);
  }

  async send(context: TurnContext, reply: Reply): Promise<void> {
    await context.sendActivity(this.activity(context, reply));
  }
}
