// The Direct Line settings as this channel uses them (defaults: src/config.ts).
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';

/** Where the API lives on this server (Web Chat's `domain` is origin + this). */
export const DIRECT_LINE_PATH = '/v3/directline';

export interface DirectLineSettings {
  mode: 'self' | 'azure';
  secret: string;
  /** True when no DIRECTLINE_SECRET was configured (tokens die with the process). */
  randomSecret: boolean;
  tokenTtlSeconds: number;
  azure?: { secret: string; domain: string };
}

export function directLineSettings(config: Config): DirectLineSettings {
  const mode = config.DIRECTLINE_MODE;
  return {
    mode,
    secret: config.DIRECTLINE_SECRET ?? randomBytes(32).toString('base64url'),
    randomSecret: !config.DIRECTLINE_SECRET,
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
    azure:
      mode === 'azure' && config.DIRECTLINE_AZURE_SECRET
        ? {
            secret: config.DIRECTLINE_AZURE_SECRET,
            domain: config.DIRECTLINE_AZURE_DOMAIN.replace(/\/+$/, ''),
          }
        : undefined,
  };
}
