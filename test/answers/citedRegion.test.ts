// Source lines name the region of the passage quoted: the national guide's Guangdong section
// is cited as 广东省, its national passages as 全国 — also in a Jiangmen answer that contrasts
// Jiangmen's rule with them, which never calls the national guide 江门市.
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceRefs } from '../../src/answers/compose.js';
import { type App, createMemoryApp } from '../../src/app.js';

const NOW = new Date('2026-11-25T04:00:00Z');
const GUIDE = '《哪些人可以办理异地就医备案》';
let app: App;
let users = 0;
const ask = (text: string) => app.conversations.ask({ channel: 'test', user: `cited-${++users}` }, text);

beforeAll(() => {
  app = createMemoryApp({ clock: () => NOW });
});

describe('the region a citation of the national guide names', () => {
  it('a Guangdong-section quote says 广东省, a national quote 全国, whatever entry cites them', () => {
    const k = app.knowledge;
    const guangdong = { doc: 'national-guide', quote: '《广东省异地就医备案登记表》', region: 'guangdong' };
    const national = { doc: 'national-guide', quote: '突发急诊就医可先就医,后补办备案手续' };
    for (const entryRegion of ['jiangmen', 'guangdong', 'national', 'xingtai']) {
      expect(sourceRefs(k, [guangdong], entryRegion).map((r) => r.region)).toEqual(['广东省']);
      expect(sourceRefs(k, [national], entryRegion).map((r) => r.region)).toEqual(['全国']);
    }
    // Both passages cited by one answer: two items, one per region.
    expect(sourceRefs(k, [national, guangdong], 'jiangmen').map((r) => r.region)).toEqual(['全国', '广东省']);
  });

  it.each([
    ['江门的 急病住院 最晚什么时候要备案'],
    ['江门参保 长期居住的人怎么界定'],
    ['江门参保 外地急诊抢救 要不要备案'],
  ])('%s: a Jiangmen answer never cites the national guide as 江门市', async (q) => {
    const r = await ask(q);
    expect(r.fallback).toBe(false);
    const text = r.replies.join('\n');
    expect(text).not.toContain(`${GUIDE}（2025-02，江门市）`);
    if (text.includes(GUIDE)) expect(text).toMatch(new RegExp(`${GUIDE}（2025-02，(全国|广东省)）`));
  });

  it('a Guangdong materials answer cites the Guangdong section as 广东省', async () => {
    const r = await ask('广东 退休异地安置 备案要带哪些材料');
    expect(r.replies.join('\n')).toContain(`${GUIDE}（2025-02，广东省）`);
  });

  it('an emergency answer citing both the national rule and the Guangdong list names both', async () => {
    const r = await ask('在外地突发急病 来不及备案 能先去看病吗');
    const text = r.replies.join('\n');
    expect(text).toContain(`${GUIDE}（2025-02，全国）`);
    expect(text).toContain(`${GUIDE}（2025-02，广东省）`);
  });
});
