import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';

/** Signature header value for a webhook body: 'sha256=' + hex HMAC-SHA256 of the exact bytes sent. */
export function signWebhook(body: string | Buffer, secret: string): string {
  return PREFIX + createHmac('sha256', secret).update(body).digest('hex');
}

/** Constant-time check of a received signature (for receivers and tests). */
export function verifyWebhook(body: string | Buffer, secret: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
