import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pkiFingerprint, TrustChangeWatch, trustRefusalOf } from './opcua-trust';

describe('OPC UA trust refusals', () => {
  describe(trustRefusalOf.name, () => {
    it.each([
      ['server Certificate verification failed with err BadCertificateUntrusted (0x801a0000)', 'certificate'],
      [' serviceResult = BadSecurityChecksFailed (0x80130000)', 'certificate'],
      ['BadCertificateRevoked (0x801d0000)', 'certificate'],
      ['BadCertificateTimeInvalid', 'certificate'],
      ['BadUserAccessDenied (0x801f0000)', 'user-token'],
      ['BadIdentityTokenRejected', 'user-token'],
      ['connect ECONNREFUSED 127.0.0.1:4840', undefined],
      ['Socket has been closed', undefined],
    ])('%s -> %s', (message, expected) => {
      expect(trustRefusalOf(new Error(message))).toBe(expected);
    });
  });

  describe(TrustChangeWatch.name, () => {
    let folder = 'a';
    const fingerprint = (): Promise<string> => Promise.resolve(folder);
    beforeEach(() => {
      folder = 'a';
      jest.useFakeTimers();
    });
    afterEach(() => jest.useRealTimers());

    it('resumes once the PKI folder changes, not before', async () => {
      const resumed: string[] = [];
      const sut = new TrustChangeWatch('pki', 1_000, 600_000, fingerprint);
      await sut.start((reason) => resumed.push(reason));

      await jest.advanceTimersByTimeAsync(3_000);
      expect(resumed).toEqual([]);

      folder = 'b';
      await jest.advanceTimersByTimeAsync(1_000);
      await jest.advanceTimersByTimeAsync(5_000);
      expect(resumed).toEqual(['the PKI folder changed']);
    });

    it('probes once after the re-check period when nothing changed, and never after cancel', async () => {
      const resumed: string[] = [];
      const sut = new TrustChangeWatch('pki', 1_000, 5_000, fingerprint);
      await sut.start((reason) => resumed.push(reason));
      // polls at 1..5 s; the one at 5 s finds 5 s elapsed
      await jest.advanceTimersByTimeAsync(4_000);
      expect(resumed).toEqual([]);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(resumed).toEqual(['no change for 5 s, probing once']);

      const cancelled = new TrustChangeWatch('pki', 1_000, 5_000, fingerprint);
      await cancelled.start(() => resumed.push('late'));
      cancelled.cancel();
      folder = 'c';
      await jest.advanceTimersByTimeAsync(10_000);
      expect(resumed).toHaveLength(1);
    });
  });

  it(`${pkiFingerprint.name} ignores the rejected store the refusal itself writes to`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsc-pki-'));
    try {
      const before = await pkiFingerprint(dir);
      mkdirSync(join(dir, 'rejected'));
      writeFileSync(join(dir, 'rejected', 'server.pem'), 'x');
      expect(await pkiFingerprint(dir)).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
