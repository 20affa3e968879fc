// zod schemas of every file under knowledge/. Curators edit YAML; these schemas are the
// contract, so a typo in a field name or a missing source stops the start with a clear error.
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, '只能用小写字母、数字和连字符 (lowercase, digits, hyphens)');
const text = z.string().trim().min(1, '不能为空 (must not be empty)');
/** A document date as precise as the document gives it: 2021-07-08, 2024-10 or 2024. */
const docDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, '日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD');

// ---- sources.yaml: the five seed documents ----
export const sourceDocSchema = z.strictObject({
  id,
  file: text,
  title: text,
  publisher: text.optional(),
  date: docDate,
  /** How the date was established when the document itself does not state one. */
  dateNote: text.optional(),
  region: id,
  /** Regions with sections of their own in a national document (its Guangdong part, say): an entry of such a region cites it with that region. */
  covers: z.array(id).default([]),
  /** Traditional-Chinese documents are quoted in Traditional; the quote check converts. */
  script: z.enum(['simplified', 'traditional']).default('simplified'),
  /** Regional parts of a national document, from one heading to another (checked against the seed): a quote inside one is cited with that region. */
  sections: z.array(z.strictObject({ region: id, from: text, to: text })).default([]),
  /** Whose word the document is: official guidance leads an answer, forum experience follows it, labelled. */
  authority: z.enum(['official-region', 'official-national', 'forum']),
  /** Coverage report: paragraphs containing one of these are not about our domain (adverts, premiums …). */
  offTopic: z.array(text).default([]),
  /** Coverage report: from the first paragraph containing one of these on, the page is off topic. */
  offTopicFrom: z.array(text).default([]),
});
export const sourcesFileSchema = z.strictObject({
  documents: z.array(sourceDocSchema).min(1),
  /** Coverage report (knowledge:check): shorter paragraphs are headings or table cells, not facts. */
  coverage: z
    .strictObject({ minChars: z.number().int().min(1), headingMaxChars: z.number().int().min(0) })
    .default({ minChars: 14, headingMaxChars: 40 }),
});

/** A citation: which document and a short passage (≤ 40 chars) staff can search for. */
export const citationSchema = z.strictObject({
  doc: id,
  quote: text.max(40, '定位引文最多40个字 (quote at most 40 characters)'),
  /** The quote lies in a regional part of a national document (its Guangdong section): the source line names that region. */
  region: id.optional(),
});

// ---- regions.yaml: gazetteer for entity extraction and entry scope ----
export const regionSchema = z.strictObject({
  id,
  name: text,
  aliases: z.array(text).default([]),
  level: z.enum(['country', 'province', 'city', 'district']),
  parent: id.optional(),
  /** true when the knowledge base has region-specific rules for it (else it is only a place). */
  covered: z.boolean().default(false),
});
export const regionsFileSchema = z.strictObject({ regions: z.array(regionSchema).min(1) });

// ---- faq/*.yaml: the curated FAQ ----
export const faqEntrySchema = z.strictObject({
  id,
  topic: id,
  region: id,
  question: text,
  paraphrases: z.array(text).min(3, '至少写3条问法 (at least 3 paraphrases)'),
  /** Extra retrieval terms (short keyword queries staff type). */
  keywords: z.array(text).default([]),
  answer: text,
  sources: z.array(citationSchema).min(1, '每条问答至少一个来源 (at least one source)'),
  related: z.array(id).max(6).default([]),
  /** Dialog this entry starts when the user asks about their own situation. */
  dialog: id.optional(),
  /** Documents disagree on this point: the reply adds the "local rules vary" note. */
  varies: z.boolean().default(false),
  /** Optional structured add-on rendered after the answer (e.g. the Jiangmen phone table). */
  attach: z.enum(['jiangmen-phones', 'channels']).optional(),
  /** Channel ids whose steps this entry talks about (checked against channels.yaml). */
  channels: z.array(id).default([]),
  /** A forum-only entry: the official entry answering the same question, which leads when this one matches. */
  experienceOf: id.optional(),
});
/** One file per region scope (faq/xingtai.yaml …); each entry names its topic. */
export const faqFileSchema = z.strictObject({
  title: text,
  entries: z.array(z.unknown()).min(1),
});
export type FaqEntry = z.infer<typeof faqEntrySchema>;

// ---- topics.yaml ----
export const topicSchema = z.strictObject({ id, name: text });
export const topicsFileSchema = z.strictObject({ topics: z.array(topicSchema).min(1) });

// ---- categories.yaml: who counts as what ----
export const conditionSchema = z.strictObject({ text, source: citationSchema });
export const categorySchema = z.strictObject({
  id,
  group: z.enum(['long-term', 'temporary']),
  name: text,
  /** Region whose documents define the category this way ('national' for the national list). */
  region: id,
  conditions: z.array(conditionSchema).min(1),
  /** Words in a user's message that hint at this category (退休, 打工, 派驻 …). */
  hints: z.array(text).default([]),
});
export const categoryGroupSchema = z.strictObject({
  id: z.enum(['long-term', 'temporary']),
  name: text,
  summary: text,
  source: citationSchema,
});
/** Jiangmen's three numbered situations, mapped onto the categories. */
export const localSchemeSchema = z.strictObject({
  region: id,
  classes: z.array(
    z.strictObject({
      id,
      name: text,
      label: text,
      categories: z.array(id).min(1),
      conditions: z.array(conditionSchema).min(1),
      form: text.optional(),
      filedBy: text,
    }),
  ),
});
/** How a story's wording outweighs single hint words (curators extend the lists). */
export const hintWeightsSchema = z.strictObject({
  /** Phrases whose hint words do not count; "…" stands for up to four characters (住了…院). */
  incidental: z.array(text).min(1),
  /** Why the person was away (玩, 旅游, 出差, 探亲) … */
  tripPurposes: z.array(text).min(1),
  /** … together with a sudden illness (急性, 突发, 抢救) … */
  suddenIllness: z.array(text).min(1),
  /** … makes this category the first hint. */
  tripCategory: id,
});
/** A stated stay of at least the residence rule's minimum outweighs weak hints (陪孩子一年多). */
export const stayLengthSchema = z.strictObject({
  category: id,
  /** Categories whose hint words a long stay outweighs (看病, 手术 say little about the stay). */
  outweighs: z.array(id).default([]),
  /** Where the insured region sets no residence minimum (rules.yaml residence), this one. */
  minMonths: z.number().positive(),
});
export const categoriesFileSchema = z.strictObject({
  groups: z.array(categoryGroupSchema).length(2),
  categories: z.array(categorySchema).min(1),
  schemes: z.array(localSchemeSchema).default([]),
  hintWeights: hintWeightsSchema,
  stayLength: stayLengthSchema,
  /** FAQ entries that speak for one group of filers only (临时 vs 长期 validity). */
  groupEntries: z
    .array(z.strictObject({ group: z.enum(['long-term', 'temporary']), entries: z.array(id).min(1) }))
    .default([]),
});

// ---- materials.yaml ----
export const materialSetSchema = z.strictObject({
  id,
  region: id,
  /** Category ids or local-scheme class ids this set applies to. */
  appliesTo: z.array(id).min(1),
  items: z.array(text).min(1),
  note: text.optional(),
  source: citationSchema,
});
export const materialsFileSchema = z.strictObject({ sets: z.array(materialSetSchema).min(1) });

// ---- channels.yaml ----
export const channelSchema = z.strictObject({
  id,
  name: text,
  aliases: z.array(text).default([]),
  kind: z.enum(['app', 'mini-program', 'official-account', 'website', 'counter', 'phone', 'hospital']),
  region: id,
  purposes: z.array(z.enum(['file', 'status', 'hospitals', 'consult', 'records'])).min(1),
  /** Category groups that may file here (empty = any). */
  groups: z.array(z.enum(['long-term', 'temporary'])).default([]),
  steps: z.array(text).default([]),
  note: text.optional(),
  source: citationSchema,
});
export const channelsFileSchema = z.strictObject({ channels: z.array(channelSchema).min(1) });

// ---- contacts.yaml: Jiangmen per-district filing and consultation phones ----
export const contactsFileSchema = z.strictObject({
  tables: z.array(
    z.strictObject({
      id,
      region: id,
      title: text,
      hours: text,
      note: text.optional(),
      source: citationSchema,
      rows: z
        .array(
          z.strictObject({
            region: id,
            label: text,
            filing: z.string().regex(/^\d{7,8}$/),
            consult: z.string().regex(/^\d{7,8}$/),
          }),
        )
        .min(1),
    }),
  ),
});

// ---- lexicon.yaml: what the segmenter and normalizer need to know ----
export const lexiconFileSchema = z.strictObject({
  /** Domain words added to the jieba user dictionary. */
  userWords: z.array(text).min(1),
  /** canonical → variants; variants are rewritten to the canonical token after segmentation. */
  synonyms: z.record(z.string(), z.array(text)),
  /** Frequent misspellings rewritten before segmentation (备按 → 备案); `unless` lists correct
   *  words that contain the misspelling and must be left alone (医报 inside 就医报销). */
  typos: z.record(z.string(), z.union([text, z.strictObject({ to: text, unless: z.array(text).min(1) })])),
  /** Tokens that carry no meaning for matching. */
  stopwords: z.array(text),
  /** Words that show the message is about our domain at all (异地, 备案, 跨省 …). */
  domainAnchors: z.array(text).min(1),
  /**
   * Question facets (what aspect is asked: materials, phone, validity …) and the phrases that
   * signal them. An entry's facets are read off its own question and paraphrases.
   */
  facets: z.record(z.string(), z.array(text).min(1)),
  /**
   * Domain words that pinyin typos are folded onto (备安 → 备案, 异的 → 异地), besides every
   * place name. A window that is itself a real word is never rewritten.
   */
  pinyinTerms: z.array(text).default([]),
  /**
   * Yes/no questions written without 吗 (能办备案不 / 办好了没): a clause ending in one of
   * these (after trailing particles) is a question, never a statement to acknowledge.
   */
  yesNoEndings: z.array(text).default([]),
  /** Particles a clause may end with after its yes/no ending (能报不啊). */
  trailingParticles: z.array(text).default([]),
  /**
   * A long, story-like message: words that mark a clause as the question (咋, 吗, 哪 …), and
   * filler removed before the question clause is picked (唉, 真是烦, 听说 …).
   */
  story: z
    .strictObject({ questionCues: z.array(text).min(1), fillers: z.array(text).default([]) })
    .optional(),
});

// ---- out-of-scope.yaml: neighbouring topics we knowingly do not answer ----
export const outOfScopeFileSchema = z.strictObject({
  topics: z.array(
    z.strictObject({
      id,
      name: text,
      terms: z.array(text).min(1),
      /** Terms that make a message this topic even with domain words in it (养老保险跨省转移, 社保卡丢了). */
      strongTerms: z.array(text).default([]),
      /**
       * Strong like strongTerms, for wordings with words in between (户口怎么从邢台迁到北京,
       * 社保关系怎么从江门转到广州): regular expressions over the message without spaces.
       */
      strongPatterns: z
        .array(
          text.refine((p) => {
            try {
              new RegExp(p, 'u');
              return true;
            } catch {
              return false;
            }
          }, 'not a valid regular expression'),
        )
        .default([]),
      reply: text,
    }),
  ),
  /**
   * Places and figures the documents do not give. A place named with a figure cue and no
   * out-of-region wording (北京医保住院报销比例), or a place the documents do not cover named
   * with an office cue (苏州异地就医备案窗口在什么地址): messages.yaml uncoveredPlace.
   */
  uncoveredPlaces: z
    .strictObject({
      figureCues: z.array(text).min(1),
      officeCues: z.array(text).min(1),
      /** Places whose own figures the documents do give (深圳's cross-province rate). */
      figuresGivenFor: z.array(text).default([]),
    })
    .optional(),
});

// ---- messages.yaml and dialogs.yaml: the catalog of every fixed text the code reads ----
// Every key is named here: a misspelled or missing key stops the start (file · key), and a
// template may use only the {placeholders} the code fills in.

/** A text with exactly these {placeholders} available (none by default). */
function template(...names: string[]) {
  return text.superRefine((value, ctx) => {
    for (const [, name] of value.matchAll(/\{(\w+)\}/g)) {
      if (!names.includes(name ?? ''))
        ctx.addIssue({
          code: 'custom',
          message:
            names.length > 0
              ? `未知的占位符 {${name}}，这里可用：${names.map((n) => `{${n}}`).join(' ')} (unknown placeholder)`
              : `这段话没有占位符，{${name}} 会原样显示 (no placeholders here)`,
        });
    }
  });
}

export const messagesFileSchema = z.strictObject({
  welcome: template(),
  /** Questions offered with the welcome and the fallback, that show what the assistant covers. */
  starters: z.array(template()).min(1).max(3),
  fallback: template(),
  /** After an out-of-scope topic's own reply. */
  fallbackTail: template(),
  didYouMean: template(),
  didYouMeanHint: template(),
  sourceLine: template('sources'),
  sourceItem: template('title', 'date', 'region'),
  variesNote: template(),
  relatedHeader: template(),
  emptyInput: template(),
  tooLong: template(),
  turnError: template(),
  /** Too many messages in a minute (Bot Framework channels). */
  tooFast: template(),
  /** The state store is unreachable: FAQ answers go on, dialogs pause. */
  stateUnavailable: template(),
  wechatOption: template('n', 'question'),
  wechatExamplesHeader: template(),
  wechatExample: template('question'),
  wechatTruncated: template(),
  wechatTextOnly: template(),
  wechatTooFast: template(),
  /** The Jiangmen phone table in answers and dialog outcomes (contacts.yaml). */
  phones: z.strictObject({
    header: template('title'),
    headerNamed: template('title'),
    row: template('label', 'filing', 'consult'),
    hours: template('hours'),
    /** After a phone channel in a dialog outcome, for the insured district. */
    inline: template('label', 'filing', 'consult', 'hours'),
    /** The same when the district is not known. */
    unknownDistrict: template(),
  }),
  /** Small talk, the human route, feedback, personal numbers, other languages (basics.yaml cues). */
  basics: z.strictObject({
    greeting: template(),
    thanks: template(),
    ack: template(),
    goodbye: template(),
    praise: template(),
    human: template(),
    humanElsewhere: template('place'),
    caseSummary: template('facts'),
    caseQuestion: template('question'),
    callLabel: template('label'),
    feedbackThanks: template(),
    feedbackSorry: template(),
    piiReminder: template(),
    personalLookup: template('channels'),
    personalChannel: template('name', 'how'),
    english: template('example'),
    optionOutOfRange: template('max'),
    unknownMenu: template(),
  }),
  /** Before an answer that only forum experience gives: whose word it is and from when (the forum's year). */
  forumNote: template('date'),
  /** Sent instead of a long answer identical to one sent the turn before (src/conversation/repeatGuard.ts). */
  repeated: template(),
  /** A place or figure the documents do not give (北京的住院报销比例、苏州的窗口地址): say so, what holds in general, whom to ask. */
  uncoveredPlace: z.strictObject({
    figure: template('place'),
    office: template('place'),
  }),
});
export type Messages = z.infer<typeof messagesFileSchema>;
export { type Basics, basicsFileSchema } from './basicsSchema.js';

export const interruptsFileSchema = z.strictObject({
  cancel: z.array(text).min(1),
  help: z.array(text).min(1),
  restart: z.array(text).min(1),
  yes: z.array(text).min(1),
  no: z.array(text).min(1),
  /** Short replies that say "I don't know": an unclear answer to re-ask, never an FAQ question. */
  unsure: z.array(text).default([]),
});

// ---- matcher.yaml: thresholds and weights ----
export const matcherSettingsSchema = z.strictObject({
  /** Top score at or above which we answer directly (needs the margin too). */
  confident: z.number().min(0).max(1),
  /** Minimum lead of the top entry over the runner-up for a direct answer. */
  margin: z.number().min(0).max(1),
  /** At or above this, answer even without the margin (the runner-up becomes a suggestion). */
  strong: z.number().min(0).max(1),
  /** Below this nothing is offered: fallback. Between it and `confident`: did-you-mean. */
  floor: z.number().min(0).max(1),
  /** Candidates within this distance of the top score are offered in did-you-mean. */
  suggestSpread: z.number().min(0).max(1),
  maxSuggestions: z.number().int().min(1).max(5),
  /** A did-you-mean needs at least this many real alternatives; fewer is an answer or the fallback. */
  minSuggestions: z.number().int().min(1).max(5).default(2),
  weights: z.strictObject({
    bm25: z.number().min(0),
    overlap: z.number().min(0),
    chars: z.number().min(0),
  }),
  /** Weight of a token recovered by fuzzy correction, relative to an exact one. */
  fuzzyToken: z.number().min(0).max(1),
  region: z.strictObject({
    /** Bonus when the entry's region is the user's insured region (or encloses it). */
    match: z.number(),
    /** Penalty when the entry belongs to another covered region. */
    mismatch: z.number(),
    /** Adjustment for region-specific entries when the user named no region. */
    unspecified: z.number(),
    /** Share of `match` for an entry of an enclosing or narrower region (江门 asked, a Guangdong entry). */
    encloses: z.number().min(0).max(1).default(0.5),
    /** Lowering of an enclosing region's entry when the asker's own region has an entry on the same topic among the candidates. */
    ownFirst: z.number().min(0).max(0.5).default(0),
  }),
  /** Largest adjustment from agreeing / disagreeing question facets (材料 vs 条件 …). */
  facetWeight: z.number().min(0).max(0.5),
  /** Share of an entry's question and paraphrases that must show a facet for full agreement. */
  facetShare: z.number().gt(0).max(1).default(0.125),
  /** Multiplier when neither the message nor the conversation is about our domain. */
  noAnchor: z.number().min(0).max(1),
  /** Share of the message's informative weight that must be known vocabulary. */
  minCoverage: z.number().min(0).max(1),
  /** A message naming a covered place counts as ours (no anchor word needed) from this coverage on; above 1: never. */
  placeAnchorCoverage: z.number().min(0).default(2),
  /** A dialog is started from the best candidate's link only when its score reaches this (a weak best guess on a story is no case). */
  dialogFloor: z.number().min(0).max(1).default(0.15),
  retrieveTop: z.number().int().min(3).max(100),
  /** Weight of an earlier turn's token in a follow-up question, relative to the message's own. */
  contextWeight: z.number().min(0).max(1),
  /** Most entries answered at once when a message asks several things. */
  maxAnswers: z.number().int().min(1).max(5),
  /** Source authority: a forum-only entry scores this much lower, so an official entry answering the same question leads. */
  authority: z.strictObject({ forumPenalty: z.number().min(0).max(0.5) }).default({ forumPenalty: 0.06 }),
  /**
   * Long, story-like messages: from `minLength` characters on, the question clause (the last
   * clause with a question cue, widened to `minClause` characters) drives retrieval and the
   * rest of the message counts at `weight` of its tokens.
   */
  story: z
    .strictObject({
      minLength: z.number().int().min(10),
      minClause: z.number().int().min(1),
      weight: z.number().min(0).max(1),
    })
    .default({ minLength: 60, minClause: 8, weight: 0.5 }),
});

// ---- rules.yaml: region-specific rule parameters shared by dialogs, answers and staff lookup ----
const ruled = { region: id, text, source: citationSchema };
export const rulesFileSchema = z.strictObject({
  residence: z.array(
    z.strictObject({ ...ruled, minMonths: z.number().positive(), appliesTo: z.array(id).min(1) }),
  ),
  householdMove: z.array(z.strictObject({ ...ruled, appliesTo: z.array(id).min(1) })),
  validity: z.array(
    z.strictObject({
      ...ruled,
      group: z.enum(['long-term', 'temporary']),
      kind: z.enum(['single-visit', 'months', 'long-term']),
      months: z.number().positive().optional(),
    }),
  ),
  lateFiling: z.array(
    z.strictObject({
      ...ruled,
      /** Days after admission (counted from the day after) by which to file; absent = no day limit. */
      days: z.number().int().positive().optional(),
      beforeDischarge: z.boolean(),
      how: text,
      afterDischarge: text.optional(),
      afterSource: citationSchema.optional(),
    }),
  ),
  constraints: z.array(z.strictObject({ ...ruled, appliesTo: z.array(id).min(1) })),
  noFilingNeeded: z.array(z.strictObject({ ...ruled, appliesTo: z.array(id).min(1) })),
  /** Which document's rule governs a case when several apply (cross-province or within a province). */
  precedence: z.array(
    z.strictObject({
      topic: z.enum(['late-filing', 'validity']),
      scope: z.enum(['cross-province', 'in-province']),
      governs: z.enum(['national', 'insured']),
      text: template('region', 'regionDate', 'nationalDate'),
    }),
  ),
  settlement: z.strictObject({
    catalogue: z.strictObject({ text, source: citationSchema }),
    policy: z.strictObject({ text, source: citationSchema }),
    ratio: z.strictObject({ text, source: citationSchema }),
    steps: z.array(z.strictObject({ text, source: citationSchema })).min(1),
    scope: z.strictObject({ text, source: citationSchema }),
    examples: z.array(z.strictObject(ruled)),
  }),
});
export type RulesFile = z.infer<typeof rulesFileSchema>;

// ---- dialogs.yaml: the dialogs entries may start, and every text they show ----
const dialogCommon = {
  name: text,
  /** What the dialog asks for, as the help text lists it. */
  needs: text,
  triggers: z.array(text).min(1),
};
/** One dialog per file in dialogs/: its id, and the texts its outcome uses. */
const dialogSchemas = [
  z.strictObject({
    id: z.literal('late-filing'),
    ...dialogCommon,
    texts: z.strictObject({
      inTimeDays: template('rule', 'admission', 'lastDay', 'daysLeft', 'discharge'),
      inTimeToday: template('rule', 'admission', 'lastDay', 'daysLeft', 'discharge'),
      inTimeNoDays: template('rule'),
      beforeDischarge: template(),
      passed: template('lastDay', 'rule'),
      afterDischarge: template('rule'),
      /** Cross-province, still in hospital: the action that keeps direct settlement open. */
      crossProvinceLead: template(),
      rulesApply: template(),
      otherInTime: template('lastDay', 'daysLeft'),
      otherPassed: template('lastDay'),
      otherToday: template('lastDay'),
      inProvincePassedNext: template(),
      afterDischargeSelfPaid: template('rule'),
      next: template(),
      contact: template(),
    }),
  }),
  z.strictObject({
    id: z.literal('eligibility'),
    ...dialogCommon,
    texts: z.strictObject({
      decided: template('category', 'group'),
      decidedLocal: template('region', 'className', 'classLabel', 'category'),
      tooShort: template('region', 'category', 'fallback'),
      notCovered: template('category'),
      noFiling: template('text'),
      facts: template('facts'),
      why: template(),
      materials: template(),
      channels: template(),
      validity: template(),
      notes: template(),
      /** Not yet admitted: file before going into hospital. */
      beforeAdmission: template(),
      /** A long-term filer going elsewhere for treatment (邢台: temporary filing before admission). */
      thirdPlace: template('residence', 'treatment'),
    }),
  }),
  z.strictObject({
    id: z.literal('materials'),
    ...dialogCommon,
    texts: z.strictObject({ header: template('region', 'category') }),
  }),
  z.strictObject({
    id: z.literal('settlement'),
    ...dialogCommon,
    texts: z.strictObject({
      header: template('region'),
      catalogue: template('text'),
      policy: template('text'),
      steps: template(),
      scope: template('text'),
    }),
  }),
] as const;
const dialogIds = dialogSchemas.map((d) => d.shape.id.value);

export const dialogsFileSchema = z.strictObject({
  personalCues: z.array(text).min(1),
  questionWords: z.array(text).min(1),
  /** Statement forms that contain a question word (前几年, 好几天, 十几次): removed before looking for one. */
  notQuestionForms: z.array(text).default([]),
  situationChoices: z.array(z.strictObject({ label: text, category: id })).min(2),
  /** Whose situation a message is about; a new subject starts a new case. */
  subjectCues: z.strictObject({
    father: z.array(text).min(1),
    mother: z.array(text).min(1),
    child: z.array(text).min(1),
    spouse: z.array(text).min(1),
    family: z.array(text).min(1),
    self: z.array(text).min(1),
  }),
  /** Words that tell the stage of care from a whole message (curators extend them). */
  stageCues: z.strictObject({
    discharged: z.array(text).min(1),
    notDischarged: z.array(text).min(1),
    inHospital: z.array(text).min(1),
    selfPaid: z.array(text).min(1),
    /** Not yet admitted (人还没过去, 医院已经约好了): advice for before admission only. */
    beforeAdmission: z.array(text).min(1),
  }),
  /**
   * Before admission, a dialog about being in hospital or discharged (from) does not fit:
   * a question goes to the filing-type dialog (to), a bare statement is acknowledged.
   */
  beforeAdmissionDialogs: z.strictObject({ from: z.array(id).min(1), to: id }),
  /** Bare answers to "在哪里住院？" / "哪里参保？" that name no place (curators extend them). */
  placeCues: z.strictObject({
    /** 外省 / 省外: care in another province. */
    crossProvince: z.array(text).min(1),
    /** 省内 / 本省: care within the insured province. */
    sameProvince: z.array(text).min(1),
    /** 国家的 / 按国家规定: the national rules answer the region question. */
    nationalRules: z.array(text).min(1),
  }),
  /** Questions and replies every dialog shares. */
  common: z.strictObject({
    askRegion: template(),
    askSituation: template(),
    askDuration: template(),
    askHousehold: template(),
    askDischarge: template(),
    askAdmission: template(),
    retry: template('example'),
    giveUp: template(),
    cancelled: template(),
    restarted: template(),
    resume: template(),
    nothingToCancel: template(),
    help: template('name', 'needs'),
    ack: template('facts'),
    invalidDate: template(),
    regionNational: template(),
    /** Where the patient is treated, asked only when cross-province or not decides the rule. */
    askTreatment: template(),
    /** Leads the answer to a follow-up after a conclusion, echoing the case's facts. */
    followUpLead: template('facts'),
  }),
  /**
   * A short follow-up after a conclusion ("这个还能报吗", "最晚啥时候", "那要带啥") is answered
   * from the finished case: by the dialog its words name, else the dialog that concluded.
   */
  followUps: z.strictObject({
    cues: z.array(text).min(1),
    dialogs: z.array(z.strictObject({ dialog: id, cues: z.array(text).min(1) })).default([]),
    /** "到底听哪个": which of the rules behind the conclusion governs — the case answers, not an FAQ entry. */
    conflictCues: z.array(text).default([]),
    /** A follow-up this short (characters, no new place or person) belongs to the case even when an FAQ entry answers it. */
    shortLength: z.number().int().min(0).default(12),
  }),
  /** Answers offered as buttons (they must be answers the slot filler understands). */
  buttons: z.strictObject({ yes: text, no: text, inHospital: text, discharged: text }),
  /** Offered after a dialog's conclusion: the button's label and what choosing it asks. */
  nextSteps: z
    .array(z.strictObject({ label: text, ask: text, dialog: id.optional() }))
    .min(1)
    .max(5),
  /** How a conversation's facts are written back ("参保地 江门市新会区；在外地约13个月"). */
  facts: z.strictObject({
    separator: z.string().min(1),
    insured: template('region'),
    treatment: template('region'),
    category: template('category'),
    duration: template('duration'),
    longTerm: template(),
    householdMoved: template(),
    householdNotMoved: template(),
    admission: template('date'),
    inHospital: template(),
    discharged: template(),
    selfPaid: template(),
    carriedInsured: template('region'),
    beforeAdmission: template(),
  }),
  /** Durations in the facts: whole years, months, days. */
  durations: z.strictObject({ years: template('n'), months: template('n'), days: template('n') }),
  dialogs: z.array(z.discriminatedUnion('id', dialogSchemas)).superRefine((list, ctx) => {
    for (const wanted of dialogIds) {
      const count = list.filter((d) => d.id === wanted).length;
      if (count !== 1)
        ctx.addIssue({
          code: 'custom',
          message: `对话 ${wanted} 应写且只写一次（现在 ${count} 次）(dialog must appear exactly once)`,
        });
    }
  }),
});
export type DialogsFile = z.infer<typeof dialogsFileSchema>;

export type SourceDoc = z.infer<typeof sourceDocSchema>;
export type Citation = z.infer<typeof citationSchema>;
export type Region = z.infer<typeof regionSchema>;
export type Topic = z.infer<typeof topicSchema>;
export type CategoriesFile = z.infer<typeof categoriesFileSchema>;
export type Category = z.infer<typeof categorySchema>;
export type MaterialSet = z.infer<typeof materialSetSchema>;
export type Channel = z.infer<typeof channelSchema>;
export type ContactTable = z.infer<typeof contactsFileSchema>['tables'][number];
export type Lexicon = z.infer<typeof lexiconFileSchema>;
export type OutOfScopeTopic = z.infer<typeof outOfScopeFileSchema>['topics'][number];
export type Interrupts = z.infer<typeof interruptsFileSchema>;
export type DialogInfo = z.infer<typeof dialogsFileSchema>['dialogs'][number];
export type DialogId = DialogInfo['id'];
/** The texts of one dialog. */
export type DialogTexts<Id extends DialogId> = Extract<DialogInfo, { id: Id }>['texts'];
export type MatcherSettings = z.infer<typeof matcherSettingsSchema>;
