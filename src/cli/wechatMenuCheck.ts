// knowledge:check's line about the WeChat menu (docs/wechat-menu.json): its keys must open
// an FAQ entry or a dialog of this knowledge base.
import { formatProblem } from '../knowledge/load.js';
import type { Knowledge } from '../knowledge/types.js';
import { checkWechatMenu } from '../knowledge/wechatMenu.js';

/** Prints the menu's problems (or that it is fine); false when there are any. */
export function reportWechatMenu(k: Knowledge): boolean {
  const problems = checkWechatMenu(k);
  if (problems.length === 0) {
    console.log('  公众号菜单 docs/wechat-menu.json：菜单项都能打开 (menu keys OK)');
    return true;
  }
  for (const p of problems) console.error(formatProblem(p));
  return false;
}
