// Yes/no questions written without 吗 (能办不 / 办好了没 / 报不报) are questions: the
// assistant never answers them with "好的，记下了" as if the user had only stated facts.
import { beforeAll, describe, expect, it } from 'vitest';
import { type App, createMemoryApp } from '../../src/app.js';
import { DialogRouter } from '../../src/assistant/dialogRouter.js';
import { DIALOG_NOW, transcript } from '../helpers/transcript.js';

let assistant: App;
let router: DialogRouter;
beforeAll(() => {
  assistant = createMemoryApp({ clock: () => DIALOG_NOW });
  router = new DialogRouter(assistant.knowledge);
});

describe('what counts as a question', () => {
  it.each([
    ['江门参保的办好了没', true],
    ['邢台参保能报不报', true],
    ['邢台参保住院了能报不', true],
    ['江门备案电话周末打有人接不啊', true],
    ['备案办好了没有', true],
    ['行没行', true],
    ['我是邢台参保的', false],
    ['江门参保住院了', false],
    ['我不', false],
    ['我妈在广州住院，还没出院', false],
    // dialogs.yaml notQuestionForms: 前几年 / 好几天 / 十几次 tell, they do not ask.
    ['老伴前几年走了 儿子把我接过去了', false],
    ['住院好几天了', false],
    ['去了十几次医院', false],
    ['住院几天能报', true],
    ['前几年办的备案还管用吗', true],
  ])('%s → %s', (text, question) => {
    expect(router.isQuestion(text)).toBe(question);
  });
});

describe('a yes/no question is not acknowledged as a statement', () => {
  it.each(['江门参保的办好了没', '邢台参保能报不报', '邢台参保住院了能报不'])('%s', async (text) => {
    const [turn] = await transcript(assistant, [[text, [], '好的，记下了']]);
    expect(turn?.intent).not.toBe('acknowledge');
  });

  it('a plain statement of facts still is', async () => {
    await transcript(assistant, [['我是邢台参保的', '好的，记下了：参保地 邢台市']]);
  });
});
