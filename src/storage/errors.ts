// The one error the bot treats specially: the state store cannot be reached right now
// (Redis down, disk full, database closed). The bot then answers without state.
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

export function isStorageUnavailable(error: unknown): error is StorageUnavailableError {
  return error instanceof StorageUnavailableError;
}

/** botbuilder's wording (MemoryStorage) for a write whose eTag is stale. */
export function eTagConflict(key: string): Error {
  return new Error(`Storage: error writing "${key}" due to eTag conflict.`);
}
