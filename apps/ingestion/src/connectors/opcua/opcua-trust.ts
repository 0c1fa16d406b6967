import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Refusals that retrying cannot heal: a certificate one side does not trust (or that expired, was revoked, does
 * not match) and user tokens the server rejects. Both come back at once, so retrying them spins; they wait for
 * the trust situation to change instead.
 */
const TRUST_REFUSAL =
  /Bad(Certificate\w*|SecurityChecksFailed|SecurityPolicyRejected|UserAccessDenied|IdentityToken\w*|UserSignatureInvalid)|certificate verification failed/i;

export type TrustRefusalKind = 'certificate' | 'user-token';

export function trustRefusalOf(error: unknown): TrustRefusalKind | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = TRUST_REFUSAL.exec(message);
  if (!match) return undefined;
  return /UserAccessDenied|IdentityToken|UserSignature/i.test(match[0]) ? 'user-token' : 'certificate';
}

/** What an operator does about each refusal; the log line says it once, health keeps it. */
export function trustAdvice(kind: TrustRefusalKind, pkiDir: string): string {
  return kind === 'certificate'
    ? `certificate refused; trust the server certificate (move it from ${join(pkiDir, 'rejected')} to ${join(pkiDir, 'trusted', 'certs')}) ` +
        'or have the server trust ours; retrying when the PKI folder changes'
    : 'user token refused; check the credential set in OPCUA_CREDENTIALS and the user on the server';
}

// The stores that decide trust (not rejected/, which the refusal itself writes to).
const PKI_STORES = ['own/certs', 'own/private', 'trusted/certs', 'trusted/crl', 'issuers/certs', 'issuers/crl'];

/** Names, sizes and modification times of the PKI stores: equal fingerprints mean nothing about trust changed. */
export async function pkiFingerprint(pkiDir: string): Promise<string> {
  const parts: string[] = [];
  for (const store of PKI_STORES) {
    const dir = join(pkiDir, store);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const info = await stat(join(dir, name)).catch(() => undefined);
      parts.push(`${store}/${name}:${info?.size ?? '-'}:${info?.mtimeMs ?? '-'}`);
    }
  }
  return parts.join('|');
}

/**
 * After a trust refusal: polls the PKI folder and calls `resume` once when it changed, or after `recheckMs` in case
 * the change happened on the server (which no folder of ours shows). One probe per recheck is no retry storm.
 */
export class TrustChangeWatch {
  private timer?: NodeJS.Timeout;
  private generation = 0;

  constructor(
    private readonly pkiDir: string,
    private readonly pollMs: number,
    private readonly recheckMs: number,
    private readonly fingerprint: (pkiDir: string) => Promise<string> = pkiFingerprint,
  ) {}

  async start(resume: (reason: string) => void): Promise<void> {
    const generation = ++this.generation;
    clearTimeout(this.timer);
    const before = await this.fingerprint(this.pkiDir);
    const started = Date.now();
    const tick = async (): Promise<void> => {
      if (generation !== this.generation) return;
      const now = await this.fingerprint(this.pkiDir);
      if (generation !== this.generation) return;
      if (now !== before) return resume('the PKI folder changed');
      if (Date.now() - started >= this.recheckMs)
        return resume(`no change for ${Math.round(this.recheckMs / 1_000)} s, probing once`);
      this.timer = setTimeout(() => void tick(), this.pollMs);
    };
    if (generation === this.generation) this.timer = setTimeout(() => void tick(), this.pollMs);
  }

  cancel(): void {
    this.generation += 1;
    clearTimeout(this.timer);
  }
}
