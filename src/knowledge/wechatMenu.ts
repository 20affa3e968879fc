// The ready-made WeChat official-account menu (docs/wechat-menu.json): JSON the WeChat admin
// API accepts (menu/create: button / sub_button, type "click" with a key; at most 3 top-level
// buttons of 5 sub-buttons) whose keys the bot can open — an FAQ entry id, a dialog id, or the
// human route. Checked by `npm run knowledge:check`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from './paths.js';
import type { Knowledge, Problem } from './types.js';

/** The menu key that opens the way to a person (12333 and the insured place's phones). */
export const HUMAN_MENU_KEY = 'human';
export const menuPath = join(projectRoot, 'docs', 'wechat-menu.json');

const FILE = 'docs/wechat-menu.json';
const bytes = (max: number) => (s: string) => Buffer.byteLength(s, 'utf8') <= max;
// WeChat's limits: a top-level name 16 bytes, a sub-button name 60 bytes, a key 128 bytes.
const click = z.strictObject({
  type: z.literal('click'),
  name: z.string().min(1).refine(bytes(60), '二级菜单名称最多 60 字节（约 20 个汉字）'),
  key: z.string().min(1).refine(bytes(128), '菜单 key 最多 128 字节'),
});
const topName = z.string().min(1).refine(bytes(16), '一级菜单名称最多 16 字节（4 个汉字）');
const menuSchema = z.strictObject({
  button: z
    .array(
      // A top-level button is a click itself, or holds sub-buttons.
      z
        .strictObject({
          name: topName,
          type: z.literal('click').optional(),
          key: click.shape.key.optional(),
          sub_button: z.array(click).min(1).max(5, '每个一级菜单最多 5 个二级菜单').optional(),
        })
        .refine((b) => (b.sub_button ? !b.type && !b.key : b.type && b.key), {
          message: '一级菜单要么有 sub_button，要么是 type click 加 key',
        }),
    )
    .min(1)
    .max(3, '最多 3 个一级菜单'),
});

/** Every key of the menu. */
export function menuKeys(menu: z.infer<typeof menuSchema>): string[] {
  return menu.button.flatMap((b) => (b.sub_button ? b.sub_button.map((s) => s.key) : b.key ? [b.key] : []));
}

/** Problems of the menu: its form, and keys that open nothing. */
export function checkWechatMenu(knowledge: Knowledge, path = menuPath): Problem[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return [{ file: FILE, message: `读不出菜单 JSON (cannot read the menu): ${(err as Error).message}` }];
  }
  const parsed = menuSchema.safeParse(data);
  if (!parsed.success)
    return parsed.error.issues.map((i) => ({ file: FILE, field: i.path.join('.'), message: i.message }));
  const dialogs = new Set<string>(knowledge.dialogs.map((d) => d.id));
  return menuKeys(parsed.data)
    .filter((key) => key !== HUMAN_MENU_KEY && !knowledge.entryById.has(key) && !dialogs.has(key))
    .map((key) => ({
      file: FILE,
      field: key,
      message: `菜单 key “${key}” 不是问答条目 id、对话 id 或 ${HUMAN_MENU_KEY} (menu key opens nothing)`,
    }));
}
