// The message catalog: every fixed text the code reads is a named key of messages.yaml or
// dialogs.yaml. A misspelled or missing key, a misspelled {placeholder} or a YAML slip stops
// the load with the file, the key and what to do — never an empty or half-filled reply.
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryApp } from '../../src/app.js';
import { KnowledgeError, loadKnowledge } from '../../src/knowledge/load.js';
import { findSeedsDir } from '../../src/knowledge/paths.js';
import { copyKnowledge, type KnowledgeCopy } from '../helpers/knowledgeCopy.js';

type Texts = Record<string, unknown>;
type DialogsFile = { common: Texts; buttons: Texts; dialogs: Array<{ id: string; texts: Texts }> };

let copy: KnowledgeCopy | undefined;
afterEach(() => {
  copy?.remove();
  copy = undefined;
});

/** Change the copy, load it, and return the error's problems and message. */
function loadBroken(change: (copy: KnowledgeCopy) => void): KnowledgeError {
  copy = copyKnowledge();
  change(copy);
  try {
    loadKnowledge(copy.dir);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return err as KnowledgeError;
  }
  throw new Error('the broken knowledge base loaded without an error');
}

describe('messages.yaml', () => {
  it('a misspelled key names the file, the key and the key it probably means', () => {
    const err = loadBroken((c) =>
      c.edit<Texts>('messages.yaml', (m) => {
        m.welcom = m.welcome;
        delete m.welcome;
      }),
    );
    expect(err.problems).toHaveLength(2);
    const unknown = err.problems.find((p) => p.field === 'welcom');
    expect(unknown).toMatchObject({ file: 'messages.yaml' });
    expect(unknown?.message).toContain('是不是 welcome');
    expect(err.problems.find((p) => p.field === 'welcome')?.message).toMatch(/缺少这一项/);
    expect(err.message).toContain('messages.yaml · 字段 welcom');
  });

  it('a missing key is named', () => {
    const err = loadBroken((c) =>
      c.edit<Texts>('messages.yaml', (m) => {
        delete m.turnError;
      }),
    );
    expect(err.problems).toEqual([
      expect.objectContaining({
        file: 'messages.yaml',
        field: 'turnError',
        message: expect.stringMatching(/缺少/),
      }),
    ]);
  });

  it('a misspelled placeholder is refused, listing the ones the text may use', () => {
    const err = loadBroken((c) =>
      c.edit<Texts>('messages.yaml', (m) => {
        m.sourceItem = '《{titel}》（{date}，{region}）';
      }),
    );
    const p = err.problems[0];
    expect(p).toMatchObject({ file: 'messages.yaml', field: 'sourceItem' });
    expect(p?.message).toContain('{titel}');
    expect(p?.message).toContain('{title}');
  });

  it('a grouped text (the phone lines) is checked the same way', () => {
    const err = loadBroken((c) =>
      c.edit<{ phones: Texts }>('messages.yaml', (m) => {
        m.phones.rows = m.phones.row;
        delete m.phones.row;
      }),
    );
    expect(err.problems.map((p) => p.field).sort()).toEqual(['phones.row', 'phones.rows']);
  });
});

describe('dialogs.yaml', () => {
  it('a missing shared text is named with its path', () => {
    const err = loadBroken((c) =>
      c.edit<DialogsFile>('dialogs.yaml', (d) => {
        delete d.common.resume;
      }),
    );
    expect(err.problems).toEqual([expect.objectContaining({ file: 'dialogs.yaml', field: 'common.resume' })]);
  });

  it("a misspelled key in one dialog's texts names the dialog", () => {
    const err = loadBroken((c) =>
      c.edit<DialogsFile>('dialogs.yaml', (d) => {
        const settlement = d.dialogs.find((x) => x.id === 'settlement');
        if (!settlement) throw new Error('no settlement dialog');
        settlement.texts.heading = settlement.texts.header;
        delete settlement.texts.header;
      }),
    );
    const unknown = err.problems.find((p) => p.field?.endsWith('texts.heading'));
    expect(unknown).toMatchObject({ file: 'dialogs.yaml', entry: 'settlement' });
    expect(unknown?.message).toContain('是不是 header');
  });

  it('every dialog the code has must be there exactly once', () => {
    const err = loadBroken((c) =>
      c.edit<DialogsFile>('dialogs.yaml', (d) => {
        d.dialogs = d.dialogs.filter((x) => x.id !== 'materials');
      }),
    );
    expect(err.problems[0]?.message).toContain('materials');
  });

  it('a yes button the slot filler would not understand is refused', () => {
    const err = loadBroken((c) =>
      c.edit<DialogsFile>('dialogs.yaml', (d) => {
        d.buttons.yes = '当然啦';
      }),
    );
    expect(err.problems[0]).toMatchObject({ file: 'dialogs.yaml', field: 'buttons.yes' });
    expect(err.problems[0]?.message).toContain('interrupts.yaml');
  });

  it('a button text may not be empty', () => {
    const err = loadBroken((c) =>
      c.edit<DialogsFile>('dialogs.yaml', (d) => {
        d.buttons.yes = '  ';
      }),
    );
    expect(err.problems[0]).toMatchObject({ file: 'dialogs.yaml', field: 'buttons.yes' });
  });
});

describe('YAML syntax errors', () => {
  it.each([
    ['a colon inside an unquoted text', 'welcome: 注意: 这里\n', /第 1 行.*冒号.*引号/],
    ['a tab as indentation', 'phones:\n\theader: x\n', /第 2 行.*Tab/],
    ['an unclosed quote', 'welcome: "您好\nfallback: x\n', /第 3 行.*引号/],
    ['a text starting with {', 'welcome: {title}：\n', /第 1 行.*引号/],
  ])('%s: the line, what is wrong and a hint, in Chinese', (_name, text, says) => {
    const err = loadBroken((c) => c.writeRaw('messages.yaml', text));
    expect(err.problems).toHaveLength(1);
    const p = err.problems[0];
    expect(p?.file).toBe('messages.yaml');
    expect(p?.message).toMatch(/^YAML 格式错误/);
    expect(p?.message).toContain('提示：');
    expect(p?.message).toMatch(says);
  });
});

describe('the server checks what knowledge:check checks', () => {
  // Without the source documents beside the checkout there are no quotes to look up.
  it.runIf(findSeedsDir() !== undefined)('a quote that is not in its document stops the app too', () => {
    copy = copyKnowledge();
    copy.edit<{ entries: Array<{ sources: Array<{ quote: string }> }> }>('faq/national.yaml', (f) => {
      const source = f.entries[0]?.sources[0];
      if (source) source.quote = '原文里没有的一句话';
    });
    const dir = copy.dir;
    expect(() => loadKnowledge(dir)).toThrow(/找不到这段引文/);
    expect(() => createMemoryApp({ knowledgeDir: dir })).toThrow(/找不到这段引文/);
  });
});
