// How the stores report outages and corrupt records: a pino-compatible logger that never
// sees raw ID-card or phone numbers (storage keys carry user ids).
import { maskPii } from '../text/pii.js';

/** Pino-compatible subset: storages report outages and corrupt records through it. */
export interface StorageLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: StorageLogger = { warn: () => {}, error: () => {} };

/** A storage key safe for logs (keys carry user ids, which may be phone numbers). */
export const maskKey = (key: string): string => maskPii(key);
