// basics.yaml (the cue lists of small talk, the human route, feedback and personal lookups)
// and messages.yaml · basics are checked like every knowledge file: a slip names the file and
// the field, and a feedback button the bot would not understand is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import { copyKnowledge, type KnowledgeCopy } from '../helpers/knowledgeCopy.js';

type Data = Record<string, Record<string, unknown>>;
let copy: KnowledgeCopy | undefined;
afterEach(() => {
  copy?.remove();
  copy = undefined;
});

function problemsAfter(file: string, change: (data: Data) => void) {
  copy = copyKnowledge();
  copy.edit<Data>(file, change);
  try {
    loadKnowledge(copy.dir);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return (err as KnowledgeError).problems;
  }
  throw new Error('the broken knowledge base loaded without an error');
}

describe('basics.yaml', () => {
  it('a misspelled list name is named with its file', () => {
    const problems = problemsAfter('basics.yaml', (b) => {
      const smallTalk = b.smallTalk as Record<string, unknown>;
      smallTalk.greetings = smallTalk.greeting;
      delete smallTalk.greeting;
    });
    expect(problems.map((p) => [p.file, p.field])).toEqual(
      expect.arrayContaining([
        ['basics.yaml', 'smallTalk.greetings'],
        ['basics.yaml', 'smallTalk.greeting'],
      ]),
    );
  });

  it('a feedback button that is not in its word list is refused', () => {
    const problems = problemsAfter('basics.yaml', (b) => {
      (b.feedback as { buttons: Record<string, string> }).buttons.unhelpful = '差评';
    });
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'basics.yaml',
        field: 'feedback.buttons.unhelpful',
        message: expect.stringContaining('差评'),
      }),
    ]);
  });
});

describe('messages.yaml · basics', () => {
  it('a misspelled placeholder in the out-of-range reply lists the one it may use', () => {
    const problems = problemsAfter('messages.yaml', (m) => {
      (m.basics as Record<string, unknown>).optionOutOfRange = '请回复 1–{count} 中的数字：';
    });
    expect(problems[0]).toMatchObject({ file: 'messages.yaml', field: 'basics.optionOutOfRange' });
    expect(problems[0]?.message).toContain('{max}');
  });
});
