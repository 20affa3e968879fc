import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import type { Knowledge } from '../../src/knowledge/types.js';
import { escapeHtml, highlight, snippet } from '../../src/lookup/highlight.js';
import { LOOKUP_ERRORS, parseLookupParams, resolveRegion } from '../../src/lookup/params.js';
import { type SearchResult, StaffSearch } from '../../src/lookup/search.js';
import { Matcher } from '../../src/matcher/index.js';
import { copyKnowledge, type KnowledgeCopy } from '../helpers/knowledgeCopy.js';

let knowledge: Knowledge;
let search: StaffSearch;

beforeAll(() => {
  knowledge = loadKnowledge(defaultKnowledgeDir);
  search = new StaffSearch(knowledge, new Matcher(knowledge));
});

const unmark = (html: string) =>
  html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const ids = (results: SearchResult[]) => results.map((r) => r.id);
const find = (q: string, options = {}) => search.search(q, options).results;

/** Every result is complete: what the staff page and the terminal show. */
function expectWellFormed(results: SearchResult[]): void {
  const scores = results.map((r) => r.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  for (const r of results) {
    expect(['faq', 'phone', 'channel']).toContain(r.kind);
    expect(r.question.length).toBeGreaterThan(0);
    expect(r.answer).toMatch(/\n来源：《.+》（.+）$/);
    expect(r.sources.length).toBeGreaterThan(0);
    for (const s of r.sources) {
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.date).toMatch(/^\d{4}/);
      expect(s.region.length).toBeGreaterThan(0);
      expect(s.quote.length).toBeGreaterThan(0);
      expect(r.answer).toContain(`《${s.title}》`);
    }
    for (const rel of r.related) expect(knowledge.entryById.get(rel.id)?.question).toBe(rel.question);
    expect(r.region.name.length).toBeGreaterThan(0);
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.matched.length).toBeGreaterThan(0);
    // Removing the <mark> tags and unescaping gives back the question: nothing else changed.
    expect(unmark(r.highlight.question)).toBe(r.question);
  }
  // The best result shows where it matched.
  if (results[0])
    expect(`${results[0].highlight.question}${results[0].highlight.snippet}`).toContain('<mark>');
}

describe('keyword queries find the entry a hotline agent looks for', () => {
  it.each([
    ['异地就医备案 有效期', 3, (id: string) => id.includes('validity')],
    ['江门 第三类 材料', 3, (id: string) => id === 'jm-class3-materials'],
    ['跨省 临时外出 材料', 5, (id: string) => id.includes('material')],
    ['备案 状态 查询', 5, (id: string) => id.includes('status')],
    ['邢台 补办 备案', 5, (id: string) => id.startsWith('xt-') && id.includes('late')],
    ['江门 服务时间', 2, (id: string) => id === 'jm-service-hours'],
  ])('%s → wanted entry within the first %i', (q, within, wanted) => {
    const results = find(q);
    expectWellFormed(results);
    expect(ids(results.slice(0, within)).some(wanted), ids(results).join(', ')).toBe(true);
  });

  it('a FAQ result carries the answer exactly as the bot renders it, with the source line', () => {
    const [top] = find('江门 台山 咨询电话');
    expect(top?.id).toBe('jm-phones');
    // The bot shows only the named district's row of the phone table.
    expect(top?.answer).toContain('台山市：备案电话 5513895，咨询电话 5613915');
    expect(top?.answer).not.toContain('新会区');
    expect(top?.answer).toContain('来源：《快收好!医保异地就医备案指南来了!》（2024-10-31，江门市）');
    expect(top?.related.map((r) => r.id)).toContain('jm-service-hours');
  });

  it('sources carry the locating quote of each citation', () => {
    const entry = knowledge.entryById.get('jm-class3-deadline');
    const result = find('江门 急病住院 备案期限').find((r) => r.id === 'jm-class3-deadline');
    expect(result?.sources.map((s) => s.quote)).toEqual(entry?.sources.map((s) => s.quote));
    expect(result?.sources[0]).toEqual({
      doc: 'jiangmen-2024',
      title: '快收好!医保异地就医备案指南来了!',
      date: '2024-10-31',
      region: '江门市',
      quote: '在参保人入院10日内,且出院之前办理异地就医备案手续',
    });
  });

  it('limit caps the number of results', () => {
    expect(find('备案', { limit: 3 })).toHaveLength(3);
    expect(find('备案', { limit: 50 }).length).toBeGreaterThan(10);
  });

  it.each([['护照怎么换'], ['天气预报'], ['！！！'], ['😀'], ['<script>alert(1)</script>']])(
    '%s → no results (nothing in our domain)',
    (q) => {
      expect(find(q)).toEqual([]);
    },
  );
});

describe('typos and Traditional characters are tolerated like in the bot', () => {
  it.each([
    ['备按', '备案'],
    ['异地就医备按 有效其', '异地就医备案 有效期'],
    ['江们 社报卡', '江门 社保卡'],
    ['粤医宝 查询', '粤医保 查询'],
    ['異地就醫備案', '异地就医备案'],
    ['江門 新會 電話', '江门 新会 电话'],
    ['異地長期居住 備案材料', '异地长期居住 备案材料'],
  ])('%s gives the same ranking as %s', (variant, correct) => {
    const got = find(variant);
    const want = find(correct);
    expect(want.length).toBeGreaterThan(0);
    expect(ids(got)).toEqual(ids(want));
    expect(got.map((r) => r.score)).toEqual(want.map((r) => r.score));
  });

  it('the typo is repaired before highlighting: 备按 highlights 备案 in the results', () => {
    const [top] = find('备按');
    expect(top?.matched).toContain('备案');
    expect(top?.highlight.question).toContain('<mark>备案</mark>');
  });

  it('a Traditional query shows Simplified results (the staff page is Simplified)', () => {
    const [top] = find('異地就醫備案');
    expect(top?.question).toMatch(/异地就医备案/);
    expect(top?.highlight.question).toContain('<mark>异地就医备案</mark>');
  });
});

describe('phone lookups: each Jiangmen district gives its own row of the phone table', () => {
  const HOURS = '工作日 上午8:30–12:00，下午14:30–17:30';
  it.each([
    ['江门 市直 电话', 'jiangmen-phones-jiangmen-shizhi', '市直', '3272932', '3512333'],
    ['江门 蓬江 电话', 'jiangmen-phones-pengjiang', '蓬江区', '3272917', '3272933'],
    ['江门 江海 电话', 'jiangmen-phones-jianghai', '江海区', '3814691', '3818194'],
    ['江门 新会 电话', 'jiangmen-phones-xinhui', '新会区', '6102028', '6616737'],
    ['江门 台山 电话', 'jiangmen-phones-taishan', '台山市', '5513895', '5613915'],
    ['江门 开平 电话', 'jiangmen-phones-kaiping', '开平市', '2256983', '2212028'],
    ['江门 鹤山 电话', 'jiangmen-phones-heshan', '鹤山市', '8933166', '8933190'],
    ['江门 恩平 电话', 'jiangmen-phones-enping', '恩平市', '7812180', '7823037'],
  ])('%s → %s', (q, id, label, filing, consult) => {
    const results = find(q);
    expectWellFormed(results);
    // The district's row is the first phone result and among the first two overall
    // (next to the FAQ entry about the whole table, which renders the same row).
    const phones = results.filter((r) => r.kind === 'phone');
    expect(phones[0]?.id).toBe(id);
    expect(ids(results.slice(0, 2))).toContain(id);
    const row = phones[0];
    expect(row?.phone).toEqual({ label, filing, consult, hours: HOURS });
    expect(row?.answer).toContain(`${label}：备案电话 ${filing}，咨询电话 ${consult}`);
    expect(row?.answer).toContain(`服务时间：${HOURS}`);
    expect(row?.sources[0]?.quote).toBe('江门市异地就医直接备案联系电话');
    expect(row?.related.map((r) => r.id)).toContain('jm-phones');
    // Other districts' rows rank below it.
    for (const other of phones.slice(1)) expect(other.score).toBeLessThan(row?.score ?? 0);
  });

  it('江门 新会 电话 → the Xinhui row is the very first result', () => {
    const [top] = find('江门 新会 电话');
    expect(top?.kind).toBe('phone');
    expect(top?.region).toEqual({ id: 'xinhui', name: '江门市新会区' });
  });

  it('a phone number finds its district (reverse lookup)', () => {
    const [top] = find('5513895');
    expect(top?.id).toBe('jiangmen-phones-taishan');
    expect(top?.highlight.snippet).toContain('<mark>5513895</mark>');
  });
});

describe('channel lookups return the channel with its steps', () => {
  it.each([
    ['粤医保 查询', 'channel-yue-yibao', '备案信息查询'],
    ['国家医保服务平台APP', 'channel-nhsa-app', '异地就医备案申请'],
    ['河北智慧医保 小程序', 'channel-hebei-smart-yibao', '跨省就医异地备案'],
    ['江门社保公众号', 'channel-jiangmen-official-account', '社保查询平台'],
    ['12333', 'channel-hotline-12333', '12333'],
    ['侨都之窗', 'channel-jiangmen-terminals', '终端机'],
  ])('%s → %s', (q, id, step) => {
    const results = find(q);
    expectWellFormed(results);
    const hit = results.slice(0, 3).find((r) => r.id === id);
    expect(hit, ids(results).join(', ')).toBeDefined();
    expect(hit?.kind).toBe('channel');
    expect(hit?.answer).toContain(step);
    const channel = knowledge.channels.get(id.replace(/^channel-/, ''));
    expect(hit?.channel?.steps).toEqual(channel?.steps);
    expect(hit?.answer).toContain(`【${channel?.name}】`);
  });

  it('粤医保 查询 lists the steps numbered as the bot shows them', () => {
    const channel = find('粤医保 查询').find((r) => r.id === 'channel-yue-yibao');
    expect(channel?.answer).toContain('1. 查备案状态：打开“粤医保”小程序并登录');
    expect(channel?.answer).toContain('2. 在【我要办事】里点“查看更多”，再点“备案信息查询”');
    expect(channel?.related.map((r) => r.id)).toContain('gd-status-yue-yibao');
  });
});

describe('region filter', () => {
  const chain = (id: string): string[] => {
    const out: string[] = [];
    for (let cur: string | undefined = id; cur; cur = knowledge.regions.get(cur)?.parent) out.push(cur);
    return out;
  };

  it('a district keeps itself, its city, its province and the national entries', () => {
    const results = find('备案 电话', { region: 'xinhui', limit: 50 });
    expect(results.length).toBeGreaterThan(3);
    for (const r of results) expect(['xinhui', 'jiangmen', 'guangdong', 'national']).toContain(r.region.id);
    expect(ids(results)).toContain('jiangmen-phones-xinhui');
    expect(ids(results)).not.toContain('jiangmen-phones-taishan');
  });

  it('a city keeps its districts too (every Jiangmen phone row)', () => {
    const results = find('备案 电话', { region: 'jiangmen', limit: 50 });
    expect(results.filter((r) => r.kind === 'phone')).toHaveLength(8);
    for (const r of results)
      expect(
        r.region.id === 'jiangmen' ||
          chain(r.region.id).includes('jiangmen') ||
          chain('jiangmen').includes(r.region.id),
      ).toBe(true);
  });

  it('another region drops the Jiangmen entries', () => {
    const results = find('备案 电话', { region: 'xingtai', limit: 50 });
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(['xingtai', 'hebei', 'national']).toContain(r.region.id);
  });

  it('national keeps the national rules only', () => {
    const results = find('备案 材料', { region: 'national', limit: 50 });
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.region.id).toBe('national');
  });

  it('the response names the region filtered on', () => {
    expect(search.search('备案', { region: 'taishan' }).region).toEqual({
      id: 'taishan',
      name: '江门市台山市',
    });
  });
});

describe('parameters (shared by the API and the terminal)', () => {
  it.each([
    ['江门', 'jiangmen'],
    ['江門', 'jiangmen'],
    ['江门市', 'jiangmen'],
    ['新会区', 'xinhui'],
    ['新会', 'xinhui'],
    ['xinhui', 'xinhui'],
    ['全国', 'national'],
    ['火星', undefined],
    ['', undefined],
  ])('region %s → %s', (text, id) => {
    expect(resolveRegion(knowledge, text)).toBe(id);
  });

  it.each([
    [{}, LOOKUP_ERRORS.queryMissing],
    [{ q: '   ' }, LOOKUP_ERRORS.queryEmpty],
    [{ q: ['a', 'b'] }, LOOKUP_ERRORS.queryRepeated],
    [{ q: '备'.repeat(201) }, LOOKUP_ERRORS.queryTooLong],
    [{ q: '备案', region: '火星' }, LOOKUP_ERRORS.region],
    [{ q: '备案', region: ['江门', '新会'] }, LOOKUP_ERRORS.region],
    [{ q: '备案', limit: '0' }, LOOKUP_ERRORS.limit],
    [{ q: '备案', limit: '51' }, LOOKUP_ERRORS.limit],
    [{ q: '备案', limit: '2.5' }, LOOKUP_ERRORS.limit],
    [{ q: '备案', limit: '-1' }, LOOKUP_ERRORS.limit],
    [{ q: '备案', limit: 'ten' }, LOOKUP_ERRORS.limit],
  ])('%j → %s', (raw, error) => {
    expect(parseLookupParams(knowledge, raw)).toEqual({ ok: false, error });
    expect(error).toMatch(/\p{Script=Han}.* \/ \W?[A-Za-z]/u);
  });

  it('valid parameters: 200 characters, a region name, a limit', () => {
    expect(parseLookupParams(knowledge, { q: '备'.repeat(200), region: '江门', limit: '5' })).toEqual({
      ok: true,
      params: { q: '备'.repeat(200), region: 'jiangmen', limit: 5 },
    });
    expect(parseLookupParams(knowledge, { q: ' 电话 ' })).toEqual({
      ok: true,
      params: { q: '电话', limit: 10 },
    });
  });
});

describe('highlighting is HTML-safe', () => {
  it.each([
    [
      '<script>alert("x")</script> 备案 & 报备',
      ['备案', '报备'],
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>备案</mark> &amp; <mark>报备</mark>',
    ],
    ["it's <b>APP</b>", ['app'], 'it&#39;s &lt;b&gt;<mark>APP</mark>&lt;/b&gt;'],
    ['新会区和新会', ['新会区', '新会'], '<mark>新会区</mark>和<mark>新会</mark>'],
    ['乱码', ['乱', '码'], '<mark>乱码</mark>'],
    ['a.b*c', ['.', '*'], 'a<mark>.</mark>b<mark>*</mark>c'],
    ['<mark>', ['mark'], '&lt;<mark>mark</mark>&gt;'],
    ['没有匹配', [], '没有匹配'],
  ])('%s', (text, terms, html) => {
    expect(highlight(text, terms)).toBe(html);
  });

  it('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('a snippet is cut around the first match and stays escaped', () => {
    const text = `${'甲'.repeat(100)}<i>备案</i>${'乙'.repeat(100)}`;
    const html = snippet(text, ['备案'], 40);
    expect(html).toMatch(/^…/);
    expect(html).toMatch(/…$/);
    expect(html).toContain('&lt;i&gt;<mark>备案</mark>&lt;/i&gt;');
    expect(html).not.toMatch(/<(?!\/?mark>)/);
  });
});

describe('knowledge text with markup is escaped in the results', () => {
  let copy: KnowledgeCopy;
  let fixtureSearch: StaffSearch;

  beforeAll(() => {
    copy = copyKnowledge();
    copy.writeRaw(
      'faq/zz-markup.yaml',
      `title: 含标记的测试条目
entries:
  - id: fx-markup
    topic: status
    region: national
    question: 备案页面出现<script>alert(1)</script>字样怎么办？
    paraphrases:
      - 备案页面出现 script 字样
      - 备案页面 乱码 script
      - 备案页面显示代码怎么办
    answer: 页面出现 <script>alert("x")</script> & 乱码时，请刷新备案页面后再试。
    sources:
      - { doc: national-guide, quote: 国家医保服务平台APP }
`,
    );
    const k = loadKnowledge(copy.dir);
    fixtureSearch = new StaffSearch(k, new Matcher(k));
  });

  afterAll(() => copy?.remove());

  it('the question and snippet escape <script> and keep only <mark> as markup', () => {
    const hit = fixtureSearch.search('备案页面 script 乱码').results.find((r) => r.id === 'fx-markup');
    expect(hit).toBeDefined();
    expect(hit?.question).toBe('备案页面出现<script>alert(1)</script>字样怎么办？');
    expect(hit?.highlight.question).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hit?.highlight.snippet).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>乱码</mark>',
    );
    for (const html of [hit?.highlight.question ?? '', hit?.highlight.snippet ?? ''])
      expect(html).not.toMatch(/<(?!\/?mark>)/);
  });
});

describe('phone numbers as callers read them find their district', () => {
  it.each([
    '0750-6102028',
    '0750 6102028',
    '(0750)6102028',
    '（0750）6102028',
    '0750－6102028',
    '07506102028',
    '６１０２０２８',
    '610 2028',
    '6102028',
  ])('%s → the 新会 row, the number readable in the logged query', (q) => {
    const response = search.search(q);
    expect(response.query).toBe('6102028');
    const [top] = response.results;
    expect(top?.id).toBe('jiangmen-phones-xinhui');
    expect(top?.phone?.filing).toBe('6102028');
    expect(top?.highlight.snippet).toContain('<mark>6102028</mark>');
  });

  it('a landline that is not an office number stays masked and finds nothing', () => {
    const response = search.search('0750-6109999');
    expect(response.query).toBe('[手机号]');
    expect(response.results).toEqual([]);
  });

  it('a mobile number next to an office number is still masked', () => {
    const response = search.search('13812345678 0750-6102028');
    expect(response.query).toBe('[手机号] 6102028');
    expect(response.results[0]?.id).toBe('jiangmen-phones-xinhui');
  });
});
