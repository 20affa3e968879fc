// Direct Line while the state store is away (Redis down, SQLite unwritable or corrupt): the
// conversations this instance serves meanwhile live in its memory, so Web Chat keeps being
// answered (FAQ questions; multi-step help waits for the store) instead of getting 500s.
// Every call tries the shared store first; once it answers again, conversations go on there
// (a client's later watermark is above the re-created log's, so it is sent everything new).
import { MemoryStorage } from 'botbuilder-core';
import { isStorageUnavailable } from '../../storage/errors.js';
import {
  type AppendResult,
  type ConversationRecord,
  type ConversationStore,
  type DirectLineActivity,
  StorageConversationStore,
} from './store.js';

export class FallbackConversationStore implements ConversationStore {
  private readonly local = new StorageConversationStore(new MemoryStorage());

  constructor(private readonly shared: ConversationStore) {}

  private async either<T>(work: (store: ConversationStore) => Promise<T>): Promise<T> {
    try {
      return await work(this.shared);
    } catch (error) {
      if (!isStorageUnavailable(error)) throw error;
      return work(this.local);
    }
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    return this.either((store) => store.get(id));
  }

  async create(
    id: string,
    userId: string,
    now: Date,
    firstSequence?: number,
  ): Promise<{ record: ConversationRecord; created: boolean }> {
    return this.either((store) => store.create(id, userId, now, firstSequence));
  }

  async append(id: string, activities: Omit<DirectLineActivity, 'id'>[]): Promise<AppendResult> {
    return this.either(async (store) => {
      // A conversation begun in memory during the outage may be unknown to the shared store.
      if (store === this.local && !(await store.get(id))) await store.create(id, '', new Date(), Date.now());
      return store.append(id, activities);
    });
  }

  async markWelcomed(id: string): Promise<boolean> {
    return this.either((store) => store.markWelcomed(id));
  }
}
