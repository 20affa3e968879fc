// Serializes the turns of one conversation. The adapter runs every turn inside
// `lock.run(conversationId, …)`: in one process a KeyedLock is enough; several instances
// behind a load balancer share a RedisTurnLock.
import { KeyedLock } from './keyedLock.js';

export interface TurnLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export const localTurnLock = (): TurnLock => new KeyedLock();
