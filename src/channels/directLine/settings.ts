// The Direct Line settings as this channel uses them (defaults: src/config.ts).
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import { keyFileFor, loadOrCreateKey, type StoredKey } from './signingKey.js';

/** Where the API lives on this server (Web Chat's `domain` is origin + this). */
export const DIRECT_LINE_PATH = '/v3/directline';

export interface DirectLineSettings {
  mode: 'self' | 'azure';
  secret: string;
  /** True when the key lives in this process only (tokens die with it): memory storage, read-only state folder. */
  randomSecret: boolean;
  /** Without DIRECTLINE_SECRET: the key file in the state folder. */
  keyFile?: StoredKey;
  tokenTtlSeconds: number;
  azure?: { secret: string; domain: string };
}

export function directLineSettings(config: Config): DirectLineSettings {
  const mode = config.DIRECTLINE_MODE;
  // With memory storage nothing survives a restart anyway: no file is written.
  const keyFile =
    config.DIRECTLINE_SECRET || config.STORAGE === 'memory'
      ? undefined
      : loadOrCreateKey(keyFileFor(config.SQLITE_PATH));
  const secret = config.DIRECTLINE_SECRET ?? keyFile?.key;
  return {
    mode,
    secret: secret ?? randomBytes(32).toString('base64url'),
    randomSecret: !secret,
    ...(keyFile ? { keyFile } : {}),
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
