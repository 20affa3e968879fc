import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { defaultKnowledgeDir } from '../../src/knowledge/paths.js';
import { FacetDetector } from '../../src/matcher/facets.js';
import { Matcher } from '../../src/matcher/index.js';
import { compact } from '../../src/text/normalize.js';

const NOW = new Date('2026-12-02T02:00:00Z');

let matcher: Matcher;
let facets: FacetDetector;

beforeAll(() => {
  const k = loadKnowledge(defaultKnowledgeDir);
  matcher = new Matcher(k);
  facets = new FacetDetector(k.lexicon.facets);
});

describe('facet detection (cue words in lexicon.yaml)', () => {
  it.each([
    ['跨省备案咋办', 'process'],
    ['异地备案怎么弄', 'process'],
    ['备案流程是啥', 'process'],
    ['谁能办异地备案', 'who'],
    ['哪些人能备案', 'who'],
    ['我这种算不算长期居住', 'who'],
    ['长期居住的在哪个公众号办', 'channel'],
    ['线下去哪个窗口', 'channel'],
    ['备案管几次', 'validity'],
    ['办一次够不够', 'validity'],
    ['备案能管多久', 'validity'],
    ['要带什么材料', 'materials'],
    ['填什么表', 'materials'],
    ['备案电话多少', 'phone'],
    ['住院几天内要备案', 'deadline'],
    ['能报多少比例', 'money'],
    ['怎么查备案进度', 'status'],
  ])('%s → %s', (text, facet) => {
    expect([...facets.detect(compact(text))]).toContain(facet);
  });

  it.each([['异地就医'], ['江门新会']])('no facet: %s', (text) => {
    expect(facets.detect(compact(text)).size).toBe(0);
  });
});

describe('the asked facet picks the entry within a topic', () => {
  const top = (q: string) => {
    const r = matcher.match(q, { now: NOW });
    expect(r.decision).toBe('answer');
    return r.top?.entry.id;
  };

  it.each([['跨省备案咋办'], ['异地备案怎么弄'], ['备案流程是啥'], ['异地就医备案怎么办理']])(
    'how: %s → how to file, not who may file',
    (q) => {
      expect(top(q)).toBe('nat-how-to-file');
    },
  );

  it.each([['谁能办异地备案'], ['哪些人能备案'], ['什么人可以办异地就医备案']])(
    'who: %s → who may file, not how',
    (q) => {
      expect(top(q)).toBe('nat-who-can-file');
    },
  );

  it.each([['备案管几次'], ['异地备案办一次管几次'], ['备案办一次够不够'], ['备案能管多久']])(
    'how long / how many times: %s → a validity entry, not the filing steps',
    (q) => {
      expect(top(q)).toMatch(/validity/);
    },
  );

  it.each([
    ['江门学生在外地读书备案要填什么表', /^jm-(class2|student)/],
    ['江门大学生暑假回老家备案要什么材料', /^jm-(class2|student)/],
  ])('a Jiangmen student: %s → the second class, not the emergency (third) class', (q, id) => {
    expect(top(q)).toMatch(id);
  });
});
