// A channel only one region runs (粤医保 for Guangdong, the 邢台 WeChat account) is no use to
// someone insured elsewhere: for an asker whose insured region lies outside the channel's
// region, the answer leaves out the sentences that offer only such channels, and their steps.
import type { Knowledge } from '../knowledge/types.js';

/** True when the channel serves people insured in `insured` (national channels serve all). */
export function channelServes(k: Knowledge, channelId: string, insured: string | undefined): boolean {
  const ch = k.channels.get(channelId);
  if (!ch || !insured || ch.region === 'national') return true;
  return k.regions.within(insured, ch.region);
}

/** The answer text without sentences that offer only channels of another region. */
export function withoutForeignChannels(k: Knowledge, text: string, insured: string | undefined): string {
  if (!insured) return text;
  const names = (serves: boolean) =>
    [...k.channels.values()]
      .filter((ch) => channelServes(k, ch.id, insured) === serves)
      .flatMap((ch) => [ch.name, ...ch.aliases]);
  const foreign = names(false);
  if (foreign.length === 0) return text;
  const own = names(true);
  const sentences = text.match(/[^。！？\n]+[。！？]?|\n/g) ?? [text];
  const kept = sentences.filter(
    (s) => !(foreign.some((n) => s.includes(n)) && !own.some((n) => s.includes(n))),
  );
  return kept.length > 0 ? kept.join('') : text;
}
