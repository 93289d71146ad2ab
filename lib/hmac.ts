import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed requests from systems outside the graph (the grid system, queueing and CRM): an HMAC-SHA256
 * over the timestamp and the exact bytes sent, so neither can be altered or replayed later.
 *   x-lingxi-timestamp: <unix seconds>
 *   x-lingxi-signature: sha256=<hex of HMAC(secret, "<timestamp>.<body>")>
 * For a GET the signed body is the path with its query string.
 */
export const TIMESTAMP_HEADER = 'x-lingxi-timestamp';
export const SIGNATURE_HEADER = 'x-lingxi-signature';
export const MAX_SKEW_SECONDS = 300;

export function sign(secret: string, timestamp: number, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

export function signedHeaders(secret: string, body: string | Buffer, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: sign(secret, timestamp, body) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifySignature(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string | Buffer,
  now = Date.now(),
): SignatureCheck {
  const ts = headers[TIMESTAMP_HEADER];
  const sig = headers[SIGNATURE_HEADER];
  if (typeof ts !== 'string' || typeof sig !== 'string') return { ok: false, reason: `missing ${TIMESTAMP_HEADER} or ${SIGNATURE_HEADER} / 缺少签名` };
  const timestamp = Number(ts);
  if (!Number.isInteger(timestamp)) return { ok: false, reason: 'bad timestamp / 时间戳无效' };
  if (Math.abs(now / 1000 - timestamp) > MAX_SKEW_SECONDS) return { ok: false, reason: `timestamp more than ${MAX_SKEW_SECONDS} s away / 请求已过期` };
  const expected = Buffer.from(sign(secret, timestamp, body));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match / 签名不符' };
  return { ok: true };
}
