// The WebSocket streams of one instance: what a connected client is sent, in order, without
// gaps or repeats — also when another instance logged the activities.
import { MemoryStorage } from 'botbuilder-core';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageConversationStore } from '../../src/channels/directLine/store.js';
import {
  MAX_STREAMS_PER_CONVERSATION,
  StreamHub,
  type StreamSocket,
} from '../../src/channels/directLine/stream.js';

class FakeSocket implements StreamSocket {
  readyState = 1;
  readonly frames: string[] = [];
  pings = 0;
  terminated = false;
  closedWith?: [number | undefined, string | undefined];
  private readonly listeners = new Map<string, Array<() => void>>();

  send(data: string): void {
    this.frames.push(data);
  }
  ping(): void {
    this.pings += 1;
  }
  terminate(): void {
    this.terminated = true;
    this.emit('close');
  }
  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
    this.readyState = 3;
    this.emit('close');
  }
  on(event: 'close' | 'pong', listener: () => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  emit(event: 'close' | 'pong'): void {
    for (const l of this.listeners.get(event) ?? []) l();
  }
  /** The activity texts received, in order (heartbeat frames left out). */
  get texts(): string[] {
    return this.frames
      .filter((f) => f !== '')
      .flatMap((f) => JSON.parse(f).activities.map((a: { text: string }) => a.text));
  }
  get watermarks(): string[] {
    return this.frames.filter((f) => f !== '').map((f) => JSON.parse(f).watermark);
  }
}

const log = { warn: () => undefined } as unknown as FastifyBaseLogger;
const hubs: StreamHub[] = [];
const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

async function setup(heartbeatMs = 60000) {
  const storage = new MemoryStorage();
  const store = new StorageConversationStore(storage);
  await store.create('c', 'u', new Date());
  const hub = new StreamHub(store, log, heartbeatMs);
  hubs.push(hub);
  const add = async (text: string, publish = true) => {
    const r = await store.append('c', [{ type: 'message', text }]);
    if (publish) hub.publish('c', r.activities, r.watermark);
  };
  return { store, hub, add };
}

afterEach(() => {
  for (const h of hubs.splice(0)) h.close();
});

describe('StreamHub', () => {
  it('sends what came after the watermark, then each new activity once, in order', async () => {
    const { hub, add } = await setup();
    await add('a');
    await add('b');
    const socket = new FakeSocket();
    hub.attach(socket, 'c', 1);
    await add('c'); // published while the backlog is being read
    await settle();
    await add('d');
    await settle();
    expect(socket.texts).toEqual(['b', 'c', 'd']);
    expect(socket.watermarks.at(-1)).toBe('4');
  });

  it('activities logged by another instance arrive with the next heartbeat, with an empty keep-alive frame', async () => {
    const { hub, add } = await setup(40);
    const socket = new FakeSocket();
    socket.on('close', () => undefined);
    hub.attach(socket, 'c', 0);
    await settle();
    await add('elsewhere', false);
    socket.emit('pong');
    await settle(60);
    expect(socket.texts).toEqual(['elsewhere']);
    expect(socket.frames).toContain('');
    expect(socket.pings).toBeGreaterThan(0);
  });

  it('a connection that stops answering pings is dropped', async () => {
    const { hub } = await setup(30);
    const socket = new FakeSocket();
    hub.attach(socket, 'c', 0);
    await settle(100);
    expect(socket.terminated).toBe(true);
    expect(hub.size).toBe(0);
  });

  it(`more than ${MAX_STREAMS_PER_CONVERSATION} streams of one conversation: the oldest is closed`, async () => {
    const { hub } = await setup();
    const sockets = Array.from({ length: MAX_STREAMS_PER_CONVERSATION + 1 }, () => new FakeSocket());
    for (const s of sockets) hub.attach(s, 'c', 0);
    expect(sockets[0]?.closedWith).toEqual([4000, 'collision']);
    expect(sockets.slice(1).every((s) => s.closedWith === undefined)).toBe(true);
    expect(hub.size).toBe(MAX_STREAMS_PER_CONVERSATION);
  });
});
