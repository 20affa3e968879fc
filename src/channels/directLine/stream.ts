// The WebSocket streams of this instance. A client connects to its streamUrl and receives
// ActivitySets ({activities, watermark}): first what it has not seen since the watermark,
// then every new activity as it is logged here. Every heartbeat a stream also reads the
// store, so activities logged by another instance arrive too (within one heartbeat), and
// gets an empty message (Direct Line's keep-alive) plus a ping to detect dead connections.
import type { FastifyBaseLogger } from 'fastify';
import { activitiesAfter, type ConversationStore, type DirectLineActivity } from './store.js';

/** The part of a `ws` WebSocket the hub uses. */
export interface StreamSocket {
  readonly readyState: number;
  send(data: string): void;
  ping(): void;
  terminate(): void;
  close(code?: number, reason?: string): void;
  on(event: 'close' | 'pong', listener: () => void): unknown;
}

const OPEN = 1;
export const HEARTBEAT_MS = 20000;
/** Open streams per conversation on one instance; a further one closes the oldest. */
export const MAX_STREAMS_PER_CONVERSATION = 3;

interface Subscriber {
  socket: StreamSocket;
  conversationId: string;
  /** Watermark of what this client has been sent. */
  sent: number;
  alive: boolean;
  busy: boolean;
  dirty: boolean;
}

export class StreamHub {
  private readonly streams = new Map<string, Set<Subscriber>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: ConversationStore,
    private readonly log: FastifyBaseLogger,
    heartbeatMs = HEARTBEAT_MS,
  ) {
    this.timer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.timer.unref();
  }

  get size(): number {
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  attach(socket: StreamSocket, conversationId: string, watermark: number): void {
    const sub: Subscriber = {
      socket,
      conversationId,
      sent: watermark,
      alive: true,
      busy: false,
      dirty: false,
    };
    const set = this.streams.get(conversationId) ?? new Set<Subscriber>();
    this.streams.set(conversationId, set);
    set.add(sub);
    if (set.size > MAX_STREAMS_PER_CONVERSATION) {
      const oldest = set.values().next().value;
      if (oldest) {
        set.delete(oldest);
        oldest.socket.close(4000, 'collision');
      }
    }
    socket.on('pong', () => {
      sub.alive = true;
    });
    socket.on('close', () => {
      set.delete(sub);
      if (set.size === 0 && this.streams.get(conversationId) === set) this.streams.delete(conversationId);
    });
    this.catchUp(sub);
  }

  /** New activities of a conversation, consecutive and ending at `watermark`. */
  publish(conversationId: string, activities: DirectLineActivity[], watermark: number): void {
    const first = watermark - activities.length;
    for (const sub of this.streams.get(conversationId) ?? []) {
      if (sub.busy || first > sub.sent || watermark < sub.sent) {
        this.catchUp(sub); // reading, a gap (logged elsewhere) or a log created again: read the store
      } else if (watermark > sub.sent) {
        this.send(sub, activities.slice(sub.sent - first), watermark);
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    for (const set of this.streams.values()) for (const sub of set) sub.socket.close(1001, 'server closing');
    this.streams.clear();
  }

  private heartbeat(): void {
    for (const set of this.streams.values()) {
      for (const sub of set) {
        if (!sub.alive) {
          sub.socket.terminate();
          continue;
        }
        sub.alive = false;
        try {
          sub.socket.ping();
          if (sub.socket.readyState === OPEN) sub.socket.send('');
        } catch {
          // the close event removes it
        }
        this.catchUp(sub);
      }
    }
  }

  /** Sends what the store has after `sent`; one read at a time per stream, repeated if asked meanwhile. */
  private catchUp(sub: Subscriber): void {
    if (sub.busy) {
      sub.dirty = true;
      return;
    }
    sub.busy = true;
    void (async () => {
      try {
        do {
          sub.dirty = false;
          const record = await this.store.get(sub.conversationId);
          if (!record) {
            sub.socket.close(1000, 'conversation ended');
            return;
          }
          if (record.next !== sub.sent) this.send(sub, activitiesAfter(record, sub.sent), record.next);
        } while (sub.dirty && sub.socket.readyState === OPEN);
      } catch (error) {
        this.log.warn({ err: { message: (error as Error).message } }, 'direct line stream could not read');
      } finally {
        sub.busy = false;
      }
    })();
  }

  private send(sub: Subscriber, activities: DirectLineActivity[], watermark: number): void {
    sub.sent = watermark;
    if (sub.socket.readyState !== OPEN || activities.length === 0) return;
    sub.socket.send(JSON.stringify({ activities, watermark: String(watermark) }));
  }
}
