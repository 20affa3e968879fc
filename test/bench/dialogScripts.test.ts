// The conversations `npm run soak` replays must still reach their outcome with today's
// dialogs (on any day: they use relative dates only), or the soak would report false errors.
import { beforeAll, describe, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { DIALOG_SCRIPTS } from '../../tools/bench/dialogScripts.js';
import { transcript } from '../helpers/transcript.js';

let assistant: App;
let later: App;
beforeAll(() => {
  assistant = createMemoryApp();
  later = createMemoryApp({ clock: () => new Date('2027-02-28T15:30:00Z'), knowledge: assistant.knowledge });
});

describe('soak dialog scripts', () => {
  it.each(DIALOG_SCRIPTS.map((s) => [s.name, s] as const))(
    '%s reaches its outcome',
    async (_name, script) => {
      await transcript(
        assistant,
        script.steps.map((s) => [s.say, s.contains] as const),
      );
    },
  );

  it.each(DIALOG_SCRIPTS.map((s) => [s.name, s] as const))(
    '%s holds on another day (2027-02-28)',
    async (_name, script) => {
      await transcript(
        later,
        script.steps.map((s) => [s.say, s.contains] as const),
      );
    },
  );
});
