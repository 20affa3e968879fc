// ---- basics.yaml: cue lists of small talk, the human route, feedback, personal lookups ----
// The texts these lead to are in messages.yaml (basics); here only the words that are read.
import { z } from 'zod';

const word = z.string().trim().min(1, '不能为空 (must not be empty)');
const words = z.array(word).min(1);

export const basicsFileSchema = z
  .strictObject({
    smallTalk: z.strictObject({
      greeting: words,
      thanks: words,
      ack: words,
      goodbye: words,
      praise: words,
      /** Particles and forms of address that may come with small talk (啦, 你, 小助手 …). */
      fillers: z.array(word).default([]),
    }),
    human: z.strictObject({ cues: words }),
    feedback: z.strictObject({
      helpful: words,
      unhelpful: words,
      /** The two buttons under FAQ answers; each must be a word of its list. */
      buttons: z.strictObject({ helpful: word, unhelpful: word }),
    }),
    personalLookup: z.strictObject({ cues: words }),
    english: z.strictObject({
      minLetters: z.number().int().min(1).max(50),
      /** A lone token ("abcdteT", a code) is not a sentence in another language. */
      minWords: z.number().int().min(1).max(10),
    }),
  })
  .superRefine((b, ctx) => {
    for (const rating of ['helpful', 'unhelpful'] as const) {
      if (!b.feedback[rating].includes(b.feedback.buttons[rating]))
        ctx.addIssue({
          code: 'custom',
          path: ['feedback', 'buttons', rating],
          message: `按钮“${b.feedback.buttons[rating]}”要写进 feedback.${rating} 词表，否则点了按钮助手听不懂 (button word must be in its list)`,
        });
    }
  });
export type Basics = z.infer<typeof basicsFileSchema>;
