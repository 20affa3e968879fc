// The stores of a server whose SQLite file could not be opened (unwritable folder, a file
// that is not a database): every call fails as an outage does, so the bot answers FAQ
// questions without state, the channels fall back to what they can do alone, and /healthz
// reports the reason (HTTP 503) until the file is fixed and the server restarted.
import type { Storage, StoreItems } from 'botbuilder-core';
import type { ClaimStore } from './claims/claimStore.js';
import { StorageUnavailableError } from './errors.js';

export class UnavailableStorage implements Storage {
  constructor(private readonly reason: string) {}

  private fail(): never {
    throw new StorageUnavailableError(this.reason);
  }

  async read(_keys: string[]): Promise<StoreItems> {
    return this.fail();
  }

  async write(_changes: StoreItems): Promise<void> {
    this.fail();
  }

  async delete(_keys: string[]): Promise<void> {
    this.fail();
  }
}

export class UnavailableClaimStore implements ClaimStore {
  constructor(private readonly reason: string) {}

  private fail(): never {
    throw new StorageUnavailableError(this.reason);
  }

  async claim(): Promise<string | undefined> {
    return this.fail();
  }

  async set(): Promise<void> {
    this.fail();
  }

  async get(): Promise<string | undefined> {
    return this.fail();
  }

  async delete(): Promise<void> {
    this.fail();
  }

  async deleteOwner(): Promise<number> {
    return this.fail();
  }
}
