import { sign, type SignOptions } from 'jsonwebtoken';
import { ApiConfig } from '../config/api.config';
import type { ApiKeyService } from './api-key.service';
import { Authenticator } from './authenticator.service';
import type { Principal } from './principal';

const SECRET = 's'.repeat(40);

function build(keys: Record<string, Principal> = {}): Authenticator {
  const config = Object.assign(new ApiConfig(), { JWT_SECRET: SECRET });
  // the key service's own cache answers `cached` (see api-key.service.spec): here every known key is in it
  const apiKeys = {
    verify: (key: string) => Promise.resolve(keys[key] ?? null),
    cached: (key: string) => keys[key],
  } as unknown as ApiKeyService;
  return new Authenticator(SECRET, config, apiKeys);
}

const token = (claims: Record<string, unknown>, options: SignOptions = {}, secret = SECRET): string =>
  sign(claims, secret, { algorithm: 'HS256', issuer: 'bsc-twin', subject: 'ada', expiresIn: 60, ...options });

/**
 * Runs with Date.now held at a whole second (jsonwebtoken stamps and checks whole seconds) and moved only by
 * `advance`, so a 1-second token expires when the test says, not when a loaded machine gets round to it.
 */
async function onFrozenClock(run: (advance: (ms: number) => void) => Promise<void>): Promise<void> {
  const real = Date.now;
  let now = Math.floor(real() / 1000) * 1000;
  Date.now = () => now;
  try {
    await run((ms) => {
      now += ms;
    });
  } finally {
    Date.now = real;
  }
}

describe(Authenticator.name, () => {
  it.each([
    ['no credentials', {}, null, undefined],
    [
      'a valid token',
      { authorization: `Bearer ${token({ role: 'viewer', units: ['plant-north'] })}` },
      { subject: 'ada', role: 'viewer', units: ['plant-north'], via: 'jwt' },
      undefined,
    ],
    [
      'a token with a name claim',
      { authorization: `Bearer ${token({ role: 'viewer', name: 'Ada Lovelace' })}` },
      { subject: 'ada', name: 'Ada Lovelace', role: 'viewer', units: null, via: 'jwt' },
      undefined,
    ],
    [
      'a token without units (all units)',
      { authorization: `Bearer ${token({ role: 'admin' })}` },
      { subject: 'ada', role: 'admin', units: null, via: 'jwt' },
      undefined,
    ],
    [
      'another secret',
      { authorization: `Bearer ${token({ role: 'admin' }, {}, 'x'.repeat(40))}` },
      null,
      /invalid signature/,
    ],
    [
      'another issuer',
      { authorization: `Bearer ${token({ role: 'admin' }, { issuer: 'evil' })}` },
      null,
      /issuer invalid/,
    ],
    ['an expired token', { authorization: `Bearer ${token({ role: 'admin' }, { expiresIn: -10 })}` }, null, /expired/],
    ['an unknown role', { authorization: `Bearer ${token({ role: 'root' })}` }, null, /claim role/],
    [
      'units that are not ids',
      { authorization: `Bearer ${token({ role: 'viewer', units: 'plant-north' })}` },
      null,
      /claim units/,
    ],
    [
      'an unsigned token',
      { authorization: `Bearer ${sign({ role: 'admin', sub: 'x', iss: 'bsc-twin' }, '', { algorithm: 'none' })}` },
      null,
      /./,
    ],
    ['another scheme', { authorization: 'Basic YWRhOnB3' }, null, /unsupported scheme/],
  ])('%s', async (_case, headers, principal, error) => {
    const sut = build();
    const result = await sut.fromHeaders(headers);
    expect(result.principal).toEqual(principal);
    if (error) expect(result.error).toMatch(error);
    else expect(result.error).toBeUndefined();
  });

  it('accepts API keys in x-api-key, Authorization: ApiKey and graphql-ws connectionParams', async () => {
    const principal: Principal = { subject: 'apikey:1', role: 'engineer', units: null, via: 'api_key' };
    const sut = build({ bsc_k: principal });
    expect((await sut.fromHeaders({ 'x-api-key': 'bsc_k' })).principal).toEqual(principal);
    expect((await sut.fromHeaders({ authorization: 'ApiKey bsc_k' })).principal).toEqual(principal);
    expect((await sut.fromConnectionParams({ 'x-api-key': 'bsc_k' })).principal).toEqual(principal);
    expect((await sut.fromConnectionParams({ headers: { authorization: 'ApiKey bsc_k' } })).principal).toEqual(
      principal,
    );
    expect((await sut.fromHeaders({ 'x-api-key': 'bsc_other' })).error).toMatch(/unknown or revoked/);
  });

  it('signs tokens it accepts', async () => {
    const sut = build();
    const result = await sut.fromConnectionParams({
      authorization: `Bearer ${sut.signToken('cli', 'strategist', ['acme'])}`,
    });
    expect(result.principal).toEqual({ subject: 'cli', role: 'strategist', units: ['acme'], via: 'jwt' });
  });

  it('signs the display name into the name claim when given', async () => {
    const sut = build();
    const result = await sut.fromHeaders({
      authorization: `Bearer ${sut.signToken('u-17', 'strategist', null, 60, 'Grace Hopper')}`,
    });
    expect(result.principal).toEqual({
      subject: 'u-17',
      name: 'Grace Hopper',
      role: 'strategist',
      units: null,
      via: 'jwt',
    });
  });

  it("never serves a cached verification past the token's expiry", () =>
    onFrozenClock(async (advance) => {
      const sut = build();
      const shortLived = token({ role: 'viewer' }, { expiresIn: 1 });
      expect((await sut.fromHeaders({ authorization: `Bearer ${shortLived}` })).principal).not.toBeNull();
      advance(2_000);
      expect((await sut.fromHeaders({ authorization: `Bearer ${shortLived}` })).principal).toBeNull();
    }));

  it('knows a principal without waiting for a bearer token it verified (until its expiry) or a cached API key', () =>
    onFrozenClock(async (advance) => {
      const keyHolder = { subject: 'apikey:1', role: 'viewer', units: null, via: 'api_key' } as const;
      const sut = build({ bsc_k: keyHolder });
      const shortLived = token({ role: 'viewer' }, { expiresIn: 1 });
      const headers = { authorization: `Bearer ${shortLived}` };
      expect(sut.cachedPrincipal(headers)).toBeUndefined();
      await sut.fromHeaders(headers);
      expect(sut.cachedPrincipal(headers)).toEqual({ subject: 'ada', role: 'viewer', units: null, via: 'jwt' });
      // an API key goes by the key service's cache, in either header, and wins over a token as in fromHeaders
      expect(sut.cachedPrincipal({ 'x-api-key': ' bsc_k ' })).toEqual(keyHolder);
      expect(sut.cachedPrincipal({ authorization: 'ApiKey bsc_k' })).toEqual(keyHolder);
      expect(sut.cachedPrincipal({ ...headers, 'x-api-key': 'bsc_k' })).toEqual(keyHolder);
      expect(sut.cachedPrincipal({ ...headers, 'x-api-key': 'bsc_unknown' })).toBeUndefined();
      advance(2_000);
      expect(sut.cachedPrincipal(headers)).toBeUndefined();
    }));
});
