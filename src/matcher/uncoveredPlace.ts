// Questions about a place's own figures or offices, which the five documents do not give:
// 北京医保住院报销比例是多少 (a place's local rates, asked without any out-of-region
// wording), 苏州异地就医备案窗口在什么地址 (an office of a place the documents do not cover).
// Answering them with the general paragraph would read as that place's rule; the reply says
// plainly that the documents have no figure for it (messages.yaml uncoveredPlace).
import type { Knowledge } from '../knowledge/types.js';
import { compact } from '../text/normalize.js';
import type { Entities } from './entities.js';

export interface UncoveredPlace {
  region: string;
  kind: 'figure' | 'office';
}

export function uncoveredPlace(
  k: Knowledge,
  flat: string,
  entities: Entities,
  anchored: boolean,
): UncoveredPlace | undefined {
  const cues = k.uncoveredPlaces;
  if (!cues) return undefined;
  const place = entities.regions.find((r) => r.id !== 'national')?.id;
  if (!place) return undefined;
  const has = (list: string[]) => list.some((c) => flat.includes(compact(c)));
  // The documents give figures only for out-of-region care (and Shenzhen's cross-province
  // rate); a place's local rates asked without out-of-region wording are not in them.
  const figuresGiven = cues.figuresGivenFor.includes(place);
  if (!anchored && !figuresGiven && has(cues.figureCues)) return { region: place, kind: 'figure' };
  if (!k.regions.covered(place) && has(cues.officeCues)) return { region: place, kind: 'office' };
  return undefined;
}
