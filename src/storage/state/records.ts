// What every Storage implementation here shares: fresh eTags, documents stored without their
// eTag, tolerant parsing of stored JSON, and the report of a corrupt record.
import { randomUUID } from 'node:crypto';
import type { StoreItem } from 'botbuilder-core';
import { maskKey, type StorageLogger } from '../logger.js';

/** Unique across processes and restarts (a counter would repeat after a restart). */
export const newETag = (): string => randomUUID();

/** The item as stored: everything but its eTag, as JSON. */
export function documentOf(item: StoreItem): string {
  const { eTag: _eTag, ...rest } = item;
  return JSON.stringify(rest);
}

/** A stored document back as an item, or undefined when it is not a JSON object. */
export function parseDocument(text: string, eTag: string): StoreItem | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return { ...(value as StoreItem), eTag };
}

/** Whether a write must match the stored eTag (botbuilder: '*' or none overwrites). */
export const checksETag = (eTag: string | undefined): eTag is string =>
  typeof eTag === 'string' && eTag !== '' && eTag !== '*';

export function logCorrupt(log: StorageLogger, store: string, key: string): void {
  log.error(
    { store, key: maskKey(key) },
    '对话状态记录已损坏，已删除，该对话将重新开始 (corrupt state record deleted; conversation restarts)',
  );
}
