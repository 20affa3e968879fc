// Query values and the stream URL of a conversation.
import type { FastifyRequest } from 'fastify';
import { DIRECT_LINE_PATH } from './settings.js';

const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/** '' or absent → undefined; a non-negative integer → it; anything else → null (a 400). */
export function parseWatermark(request: FastifyRequest): number | undefined | null {
  const raw = (request.query as Record<string, unknown> | undefined)?.watermark;
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

/**
 * The WebSocket URL for this conversation as the client reached us: wss behind a TLS proxy
 * (X-Forwarded-Proto/-Host). These headers only shape the URL handed back to the same client.
 */
export function streamUrlOf(
  request: FastifyRequest,
  conversationId: string,
  streamToken: string,
  watermark?: number,
): string {
  const forwardedProto = firstValue(request.headers['x-forwarded-proto']);
  const secure = forwardedProto ? forwardedProto === 'https' : request.protocol === 'https';
  const forwardedHost = firstValue(request.headers['x-forwarded-host']);
  const candidates = [forwardedHost, request.headers.host].filter((h): h is string => !!h && HOST.test(h));
  const host = candidates[0] ?? `${request.hostname}`;
  const query = new URLSearchParams();
  if (watermark !== undefined) query.set('watermark', String(watermark));
  query.set('t', streamToken);
  return `${secure ? 'wss' : 'ws'}://${host}${DIRECT_LINE_PATH}/conversations/${conversationId}/stream?${query}`;
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim().toLowerCase() || undefined;
}
