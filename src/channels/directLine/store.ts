// Direct Line conversations and their activity logs, kept in the assistant's botbuilder
// `Storage` (key `directline/<conversationId>`). With a shared Storage (Redis) any instance
// can serve any conversation: a client that polls or reconnects reads everything from here.
// Writes use the Storage eTag contract (a stale eTag is a conflict) and retry on conflict.
import type { Storage, StoreItem } from 'botbuilder-core';

/** An activity as the Direct Line API returns it (JSON, ids and timestamps as strings). */
export type DirectLineActivity = Record<string, unknown> & { id: string; type: string };

export interface ConversationRecord {
  id: string;
  userId: string;
  createdAt: string;
  /** The bot has welcomed this conversation (a second join does not repeat it). */
  welcomed: boolean;
  /** Watermark after the newest activity: the number of activities ever logged. */
  next: number;
  /** The newest activities, oldest first; the first has sequence number next - activities.length. */
  activities: DirectLineActivity[];
}

export interface AppendResult {
  activities: DirectLineActivity[];
  watermark: number;
}

export interface ConversationStore {
  get(id: string): Promise<ConversationRecord | undefined>;
  /**
   * Creates the record unless it exists; returns the stored record and whether it was new.
   * `firstSequence`: where its watermarks start (0 for a new conversation).
   */
  create(
    id: string,
    userId: string,
    now: Date,
    firstSequence?: number,
  ): Promise<{ record: ConversationRecord; created: boolean }>;
  /** Adds activities (ids are assigned here: `<conversationId>|<sequence>`) and trims the log. */
  append(id: string, activities: Omit<DirectLineActivity, 'id'>[]): Promise<AppendResult>;
  /** Sets the welcomed flag; false when it was already set (someone else welcomes). */
  markWelcomed(id: string): Promise<boolean>;
}

/** How many activities a conversation keeps for polling and reconnecting clients. */
export const MAX_LOGGED_ACTIVITIES = 100;
const MAX_ATTEMPTS = 5;
const KEY_PREFIX = 'directline/';

export function activityId(conversationId: string, sequence: number): string {
  return `${conversationId}|${String(sequence).padStart(7, '0')}`;
}

/**
 * The activities after a watermark: all that are still kept when it is older than the log, and
 * all of them when it is newer (the log was created again: a restart with in-memory storage).
 */
export function activitiesAfter(record: ConversationRecord, watermark: number): DirectLineActivity[] {
  if (watermark > record.next) return record.activities;
  const first = record.next - record.activities.length;
  return record.activities.slice(Math.max(0, watermark - first));
}

export class StorageConversationStore implements ConversationStore {
  constructor(
    private readonly storage: Storage,
    private readonly maxActivities = MAX_LOGGED_ACTIVITIES,
  ) {}

  async get(id: string): Promise<ConversationRecord | undefined> {
    const item = await this.read(id);
    return item ? strip(item) : undefined;
  }

  async create(
    id: string,
    userId: string,
    now: Date,
    firstSequence = 0,
  ): Promise<{ record: ConversationRecord; created: boolean }> {
    return this.update(id, (current) => {
      if (current) return { record: current, created: false, write: false };
      const record: ConversationRecord = {
        id,
        userId,
        createdAt: now.toISOString(),
        welcomed: false,
        next: firstSequence,
        activities: [],
      };
      return { record, created: true, write: true };
    });
  }

  async append(id: string, activities: Omit<DirectLineActivity, 'id'>[]): Promise<AppendResult> {
    return this.update(id, (current) => {
      if (!current) throw new Error(`direct line conversation ${id} does not exist`);
      const added = activities.map(
        (a, i) => ({ ...a, id: activityId(id, current.next + i) }) as DirectLineActivity,
      );
      const next = current.next + added.length;
      const kept = [...current.activities, ...added].slice(-this.maxActivities);
      return {
        record: { ...current, next, activities: kept },
        activities: added,
        watermark: next,
        write: true,
      };
    });
  }

  async markWelcomed(id: string): Promise<boolean> {
    return this.update(id, (current) => {
      if (!current || current.welcomed) return { record: current, changed: false, write: false };
      return { record: { ...current, welcomed: true }, changed: true, write: true };
    }).then((r) => r.changed);
  }

  /** Read-modify-write with the eTag of the read; retried when another writer came first. */
  private async update<R extends { record: ConversationRecord | undefined; write: boolean }>(
    id: string,
    change: (current: ConversationRecord | undefined) => R,
  ): Promise<Omit<R, 'write'>> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const item = await this.read(id);
      const result = change(item ? strip(item) : undefined);
      const { write, ...rest } = result;
      if (!write || !result.record) return rest;
      // An existing record is written with the eTag it was read with (a conflict retries);
      // a new one without eTag: the Storage contract has no "create if absent", and ids are
      // random, so only the same client could create the same conversation twice at once.
      const eTag = item?.eTag;
      try {
        await this.storage.write({ [KEY_PREFIX + id]: { ...result.record, eTag } });
        return rest;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  }

  private async read(id: string): Promise<(ConversationRecord & StoreItem) | undefined> {
    const items = await this.storage.read([KEY_PREFIX + id]);
    return items[KEY_PREFIX + id] as (ConversationRecord & StoreItem) | undefined;
  }
}

function strip(item: ConversationRecord & StoreItem): ConversationRecord {
  const { eTag: _eTag, ...record } = item;
  return record as ConversationRecord;
}
