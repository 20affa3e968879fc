// The ready-made WeChat menu (docs/wechat-menu.json): the form the WeChat menu API accepts,
// keys that open an FAQ entry, a dialog or the human route — and a broken menu is named.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryApp } from '../../src/app.js';
import { checkWechatMenu, menuPath } from '../../src/knowledge/wechatMenu.js';
import { tempDir } from '../helpers/tempDir.js';

const { knowledge } = createMemoryApp();
const dir = tempDir('yidi-menu-');
afterAll(() => dir.remove());

type Menu = {
  button: Array<{ name: string; sub_button?: Array<{ type: string; name: string; key: string }> }>;
};
const menu = (): Menu => JSON.parse(readFileSync(menuPath, 'utf8')) as Menu;
const check = (m: unknown) => {
  const path = dir.file(`menu-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(m));
  return checkWechatMenu(knowledge, path);
};

describe('docs/wechat-menu.json', () => {
  it('is a valid menu whose every key opens something', () => {
    expect(checkWechatMenu(knowledge)).toEqual([]);
    const m = menu();
    expect(m.button.length).toBeLessThanOrEqual(3);
    for (const b of m.button) expect(b.sub_button?.length ?? 0).toBeLessThanOrEqual(5);
  });

  it('a key that opens nothing is named', () => {
    const m = menu();
    const first = m.button[0]?.sub_button?.[0];
    if (first) first.key = 'no-such-entry';
    expect(check(m)).toEqual([
      expect.objectContaining({ file: 'docs/wechat-menu.json', field: 'no-such-entry' }),
    ]);
  });

  it('more than 3 top-level buttons, or 6 sub-buttons, is refused', () => {
    const m = menu();
    const four = { button: [...m.button, m.button[0]] };
    expect(check(four)[0]?.message).toContain('最多 3 个一级菜单');
    const sub = { type: 'click', name: '甲', key: 'jm-phones' };
    const six = { button: [{ name: '菜单', sub_button: Array.from({ length: 6 }, () => sub) }] };
    expect(check(six)[0]?.message).toContain('最多 5 个二级菜单');
  });
});
