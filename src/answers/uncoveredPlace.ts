// The reply to a question about a place's own figures or offices that the documents do not
// give: says so, gives what holds in general, and names whom to ask (messages.yaml).
import type { Knowledge } from '../knowledge/types.js';
import type { UncoveredPlace } from '../matcher/uncoveredPlace.js';
import { regionName } from './compose.js';
import { fill } from './fill.js';

export function uncoveredPlaceText(k: Knowledge, place: UncoveredPlace): string {
  return fill(k.messages.uncoveredPlace[place.kind], { place: regionName(k, place.region) });
}
