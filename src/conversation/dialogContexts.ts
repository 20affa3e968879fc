// Dialog contexts only for turns that need one (issue 14): a DialogContext builds a
// DialogStateManager whose configuration (memory scopes, path resolvers) botbuilder rebuilds
// in every turn. Most turns are FAQ answers with no dialog in progress — whether one is in
// progress is read from the dialog state itself, and the configuration is built once per
// process and handed to every later turn.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder-core';
import type { DialogContext, DialogSet, DialogState } from 'botbuilder-dialogs';

/** Where botbuilder-dialogs' DialogStateManager looks for (and keeps) its configuration in a turn. */
const CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

export class DialogContexts {
  private configuration: unknown;

  constructor(
    readonly dialogs: DialogSet,
    private readonly state: StatePropertyAccessor<DialogState>,
  ) {}

  /** A dialog is in progress in this conversation (loads the state; builds no dialog context). */
  async active(context: TurnContext): Promise<boolean> {
    const state = await this.state.get(context);
    return (state?.dialogStack?.length ?? 0) > 0;
  }

  /** The turn's dialog context, with the state-manager configuration of the first one. */
  async create(context: TurnContext): Promise<DialogContext> {
    if (this.configuration !== undefined && context.turnState.get(CONFIGURATION_KEY) === undefined)
      context.turnState.set(CONFIGURATION_KEY, this.configuration);
    const dc = await this.dialogs.createContext(context);
    this.configuration ??= context.turnState.get(CONFIGURATION_KEY);
    return dc;
  }
}
