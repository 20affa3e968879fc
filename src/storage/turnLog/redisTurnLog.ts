// The turn log as a Redis stream shared by every instance, capped at about `max` entries
// (XADD MAXLEN ~). Stream ids are the append time in ms, so a time range is an XRANGE
// (widened by the longest turn, then filtered on the turn's start time).
import { type RedisClient, redisCall } from '../redisClient.js';
import type { Feedback, TurnLogStore, TurnRecord } from './turnLog.js';

const PAGE = 1000;
/** A turn is appended when it ends: at most this long after it started. */
const LONGEST_TURN_MS = 120_000;

export class RedisTurnLog implements TurnLogStore {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly max = 100_000,
  ) {
    this.key = `${prefix}turnlog`;
  }

  async append(r: TurnRecord): Promise<void> {
    await redisCall(() =>
      this.redis.xadd(
        this.key,
        'MAXLEN',
        '~',
        String(this.max),
        '*',
        'at',
        String(r.at),
        'channel',
        r.channel,
        'user',
        r.userHash,
        'conversation',
        r.conversationHash,
        'turn',
        r.turn === undefined ? '' : String(r.turn),
        'intent',
        r.intent,
        'confidence',
        String(r.confidence),
        'fallback',
        r.fallback ? '1' : '0',
        'latency',
        r.latencyMs.toFixed(3),
        'question',
        r.question,
        ...(r.feedback ? ['feedback', r.feedback] : []),
      ),
    );
  }

  async list(since: number, until: number): Promise<TurnRecord[]> {
    const records: TurnRecord[] = [];
    let start = String(Math.max(0, since));
    const end = String(Math.max(since, until - 1) + LONGEST_TURN_MS);
    for (;;) {
      const page = await redisCall(() => this.redis.xrange(this.key, start, end, 'COUNT', PAGE));
      for (const [, fields] of page) records.push(recordOf(fields));
      const last = page[page.length - 1];
      if (page.length < PAGE || !last) break;
      start = `(${last[0]}`;
    }
    return records.filter((r) => r.at >= since && r.at < until);
  }
}

function recordOf(fields: string[]): TurnRecord {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i] as string, fields[i + 1] as string);
  const turn = f.get('turn');
  const feedback = f.get('feedback');
  return {
    at: Number(f.get('at')),
    channel: f.get('channel') ?? '',
    userHash: f.get('user') ?? '',
    conversationHash: f.get('conversation') ?? '',
    turn: turn ? Number(turn) : undefined,
    intent: f.get('intent') ?? '',
    confidence: Number(f.get('confidence') ?? 0),
    fallback: f.get('fallback') === '1',
    latencyMs: Number(f.get('latency') ?? 0),
    question: f.get('question') ?? '',
    ...(feedback === 'helpful' || feedback === 'unhelpful' ? { feedback: feedback as Feedback } : {}),
  };
}
