// The contenders of the accuracy benchmark, all built from the same knowledge entries:
// this project's matcher (its real answer / did-you-mean / fallback decision), NLP.js
// (one intent per entry, trained on question + paraphrases) and fuse.js alone over the
// same question strings. Each module is imported inside its builder, so the start-up time
// includes the import, and node-nlp (a devDependency) never enters the server's imports.
import type { Knowledge } from '../../src/knowledge/types.js';

export type Decision = 'answer' | 'clarify' | 'fallback';

export interface Prediction {
  decision: Decision;
  /** Entries answered, best first (several when one message asks several things). */
  entryIds: string[];
  /** The contender's own score of its best candidate. */
  score: number;
}

export interface Contender {
  name: string;
  /** How a no-match is decided, for the table's notes. */
  fallbackRule: string;
  predict(text: string): Promise<Prediction>;
}

export const CONTENDERS = ['yidi-matcher', 'nlpjs', 'fuse'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

/** fuse.js score: 0 is a perfect match, 1 no match. Best candidate above this → fallback. */
export const FUSE_THRESHOLD = 0.6;
/** NLP.js's own default (settings.threshold of @nlpjs/nlp): below it the intent is 'None'. */
export const NLPJS_THRESHOLD = 0.5;

/** Every string an entry is known by: its question and its paraphrases. */
export function utterances(k: Knowledge): Array<{ id: string; text: string }> {
  return k.entries.flatMap((e) => [e.question, ...e.paraphrases].map((text) => ({ id: e.id, text })));
}

async function yidiMatcher(k: Knowledge): Promise<Contender> {
  const { Matcher } = await import('../../src/matcher/index.js');
  const matcher = new Matcher(k);
  return {
    name: 'yidi-matcher',
    fallbackRule: 'its own decision (floor / confident / margin in knowledge/matcher.yaml)',
    predict: async (text) => {
      const m = matcher.match(text, { now: new Date() });
      return {
        decision: m.decision,
        entryIds: m.answers.map((c) => c.entry.id),
        score: m.candidates[0]?.score ?? 0,
      };
    },
  };
}

interface NlpResult {
  intent: string;
  score: number;
  classifications?: Array<{ intent: string; score: number }>;
}
interface NlpManagerLike {
  addDocument(locale: string, utterance: string, intent: string): void;
  train(): Promise<void>;
  process(locale: string, utterance: string): Promise<NlpResult>;
}

async function nlpjs(k: Knowledge): Promise<Contender> {
  const nlp = (await import('node-nlp')) as unknown as {
    NlpManager: new (settings: Record<string, unknown>) => NlpManagerLike;
  };
  // autoSave off: training must not write model.nlp into the working directory.
  const manager = new nlp.NlpManager({
    languages: ['zh'],
    autoSave: false,
    autoLoad: false,
    nlu: { log: false },
    threshold: NLPJS_THRESHOLD,
  });
  for (const u of utterances(k)) manager.addDocument('zh', u.text, u.id);
  await manager.train();
  return {
    name: 'nlpjs',
    fallbackRule: `intent 'None' (best score < ${NLPJS_THRESHOLD}, NLP.js default)`,
    predict: async (text) => {
      const r = await manager.process('zh', text);
      // NLP.js reports score 1 for 'None': keep the real best score.
      const best = r.classifications?.[0]?.score ?? r.score;
      if (r.intent === 'None' || !k.entryById.has(r.intent))
        return { decision: 'fallback', entryIds: [], score: best };
      return { decision: 'answer', entryIds: [r.intent], score: best };
    },
  };
}

async function fuse(k: Knowledge): Promise<Contender> {
  const { default: Fuse } = await import('fuse.js');
  const index = new Fuse(utterances(k), {
    keys: ['text'],
    includeScore: true,
    ignoreLocation: true,
    threshold: FUSE_THRESHOLD,
  });
  return {
    name: 'fuse',
    fallbackRule: `no item with score ≤ ${FUSE_THRESHOLD} (ignoreLocation, raw text)`,
    predict: async (text) => {
      const [best] = index.search(text, { limit: 1 });
      if (!best || best.score === undefined) return { decision: 'fallback', entryIds: [], score: 1 };
      return { decision: 'answer', entryIds: [best.item.id], score: best.score };
    },
  };
}

export function buildContender(name: ContenderName, k: Knowledge): Promise<Contender> {
  if (name === 'yidi-matcher') return yidiMatcher(k);
  if (name === 'nlpjs') return nlpjs(k);
  return fuse(k);
}
