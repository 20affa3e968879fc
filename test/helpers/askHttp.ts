// POST /api/ask against a running server, returning the reply text (for process tests).
import { expect } from 'vitest';

export interface AskReply {
  status: number;
  text: string;
  intent: string;
  fallback: boolean;
}

export async function askHttp(base: string, user: string, text: string): Promise<AskReply> {
  const res = await fetch(`${base}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, text }),
  });
  const body = (await res.json()) as { replies?: string[]; intent?: string; fallback?: boolean };
  return {
    status: res.status,
    text: (body.replies ?? []).join('\n'),
    intent: body.intent ?? '',
    fallback: body.fallback ?? true,
  };
}

/** Ask and expect a 200 whose replies contain `contains`. */
export async function expectReply(
  base: string,
  user: string,
  say: string,
  contains: string,
): Promise<AskReply> {
  const reply = await askHttp(base, user, say);
  expect(reply.status, `${say} → ${reply.text}`).toBe(200);
  expect(reply.text, `user said “${say}”`).toContain(contains);
  return reply;
}
