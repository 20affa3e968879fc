// Where to file or check: the insured region's own channels first, then national ones.
import type { Channel, Knowledge } from '../knowledge/types.js';

export type Purpose = Channel['purposes'][number];

export function channelsFor(
  k: Knowledge,
  options: {
    region?: string;
    group?: 'long-term' | 'temporary';
    purpose: Purpose;
    localClassId?: string;
    limit?: number;
  },
): Channel[] {
  // 江门第一类 (市外转院) is filed by the hospital, not by the insured person.
  if (options.localClassId === 'jm-class-1' && options.purpose === 'file') {
    const hospital = k.channels.get('referring-hospital');
    return hospital ? [hospital] : [];
  }
  const chain = k.regions.chain(options.region);
  const usable = [...k.channels.values()].filter(
    (c) =>
      chain.includes(c.region) &&
      c.purposes.includes(options.purpose) &&
      c.kind !== 'hospital' &&
      (c.groups.length === 0 || (options.group !== undefined && c.groups.includes(options.group))),
  );
  // Local channels first, then the counter (always possible), then national online ones.
  const rank = (c: Channel) =>
    c.region !== 'national'
      ? chain.indexOf(c.region)
      : c.kind === 'counter'
        ? chain.length
        : chain.length + 1;
  usable.sort((a, b) => rank(a) - rank(b));
  return usable.slice(0, options.limit ?? 5);
}
