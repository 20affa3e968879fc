// The loaded, validated knowledge base: what every other module receives.

import type { Regions } from './regions.js';
import type {
  Basics,
  CategoriesFile,
  Channel,
  ContactTable,
  DialogInfo,
  DialogsFile,
  FaqEntry,
  Interrupts,
  Lexicon,
  MatcherSettings,
  MaterialSet,
  Messages,
  OutOfScopeTopic,
  RulesFile,
  SourceDoc,
  Topic,
} from './schema.js';

export interface Problem {
  file: string;
  entry?: string;
  field?: string;
  message: string;
  /** Warnings are printed by knowledge:check but do not stop the start. */
  severity?: 'error' | 'warning';
}

export interface Knowledge {
  dir: string;
  sources: Map<string, SourceDoc>;
  /** Coverage report thresholds (sources.yaml coverage). */
  sourceCoverage?: { minChars: number; headingMaxChars: number };
  /** The gazetteer as a tree (ancestors, within, covered, the governing and the cited region). */
  regions: Regions;
  topics: Map<string, Topic>;
  entries: FaqEntry[];
  entryById: Map<string, FaqEntry>;
  /** Which faq/*.yaml file holds each entry (for error messages and the staff view). */
  entryFile: Map<string, string>;
  categories: CategoriesFile;
  materials: MaterialSet[];
  channels: Map<string, Channel>;
  contacts: ContactTable[];
  lexicon: Lexicon;
  outOfScope: OutOfScopeTopic[];
  /** Cues of questions about a place or figure the documents do not give (out-of-scope.yaml). */
  uncoveredPlaces?: { figureCues: string[]; officeCues: string[]; figuresGivenFor: string[] };
  messages: Messages;
  interrupts: Interrupts;
  dialogs: DialogInfo[];
  /** dialogs.yaml as a whole: cues, choices and shared texts. */
  dialogTexts: DialogsFile;
  matcher: MatcherSettings;
  rules: RulesFile;
  /** Cue lists of small talk, the human route, feedback and personal lookups (basics.yaml). */
  basics: Basics;
  /** Every knowledge file's text: what replies are made of (for the Traditional converter). */
  corpus: string;
  warnings?: Problem[];
}

export type {
  Category,
  Channel,
  Citation,
  DialogId,
  DialogTexts,
  FaqEntry,
  MaterialSet,
  Messages,
  OutOfScopeTopic,
  RulesFile,
} from './schema.js';
