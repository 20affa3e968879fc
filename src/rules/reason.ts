// Every rule outcome says why: the rule in plain words and where it comes from.
import type { Citation } from '../knowledge/types.js';

export interface Reason {
  text: string;
  source: Citation;
}
