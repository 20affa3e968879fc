// WeChat's request signatures (微信公众平台 接入指南 / 消息加解密说明): the SHA-1 of the
// lexicographically sorted parts joined without separator — [token, timestamp, nonce] for
// the URL, plus the Encrypt value for msg_signature in safe mode.
import { createHash, timingSafeEqual } from 'node:crypto';

/** Largest difference between WeChat's timestamp and our clock, in seconds (replays). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export function wechatSignature(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''), 'utf8')
    .digest('hex');
}

/** Constant-time check of a hex signature a request carried. */
export function signatureMatches(given: unknown, parts: readonly string[]): boolean {
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{40}$/.test(given)) return false;
  const expected = Buffer.from(wechatSignature(parts), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** A Unix timestamp in seconds within MAX_CLOCK_SKEW_SECONDS of now (older or newer). */
export function isFresh(timestamp: unknown, now: Date): boolean {
  if (typeof timestamp !== 'string' || !/^[0-9]{1,12}$/.test(timestamp)) return false;
  return Math.abs(now.getTime() / 1000 - Number(timestamp)) <= MAX_CLOCK_SKEW_SECONDS;
}
