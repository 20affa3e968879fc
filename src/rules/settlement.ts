// How direct settlement works: whose catalogue, whose policy, the steps with the social
// security card, what the scope is, and the insured region's example where documented.
import type { Knowledge } from '../knowledge/types.js';
import type { Reason } from './reason.js';

export interface SettlementInfo {
  catalogue: Reason;
  policy: Reason;
  ratio: Reason;
  steps: Reason[];
  scope: Reason;
  /** An example of the insured region's own ratio (深圳 100%), when documented. */
  example?: Reason;
}

export function settlementInfo(k: Knowledge, insuredRegion: string | undefined): SettlementInfo {
  const s = k.rules.settlement;
  const chain = k.regions.chain(insuredRegion);
  const example = s.examples.find((e) => e.region !== 'national' && chain.includes(e.region));
  return {
    catalogue: s.catalogue,
    policy: s.policy,
    ratio: s.ratio,
    steps: s.steps,
    scope: s.scope,
    example: example ? { text: example.text, source: example.source } : undefined,
  };
}
