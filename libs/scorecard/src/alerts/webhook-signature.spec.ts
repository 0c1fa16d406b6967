import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe(signWebhook.name, () => {
  const body = '{"alertId":"a1","severity":"critical"}';

  it('is sha256= plus the hex HMAC-SHA256 of the body', () => {
    const hex = createHmac('sha256', 's3cret').update(body).digest('hex');

    expect(signWebhook(body, 's3cret')).toBe(`sha256=${hex}`);
  });

  it('matches a published HMAC-SHA256 test vector (RFC 4231 case 2)', () => {
    expect(signWebhook('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it.each<[string, string, string, boolean]>([
    ['the right signature', body, 's3cret', true],
    ['another secret', body, 'other', false],
    ['a tampered body', body.replace('critical', 'info'), 's3cret', false],
  ])('verifies %s', (_name, received, secret, ok) => {
    expect(verifyWebhook(received, secret, signWebhook(body, 's3cret'))).toBe(ok);
  });

  it('rejects a malformed signature without throwing', () =>
    expect(verifyWebhook(body, 's3cret', 'sha256=00')).toBe(false));
});
