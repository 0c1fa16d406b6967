import { Logger } from '@nestjs/common';
import { InProcessEventBus } from '@bsc/events';
import { sign } from 'jsonwebtoken';
import type { ApiKeyService } from '../../auth/api-key.service';
import { Authenticator } from '../../auth/authenticator.service';
import type { Principal } from '../../auth/principal';
import { ApiConfig } from '../../config/api.config';
import { SubscriptionSocketsService, type SocketContext } from './subscription-sockets.service';

const SECRET = 's'.repeat(40);
/** A whole second: jsonwebtoken stamps and checks whole seconds. */
const T0 = Date.UTC(2026, 10, 3, 8, 0, 0);
const keyHolder = (id: string): Principal => ({ subject: `apikey:${id}`, role: 'viewer', units: null, via: 'api_key' });

function build() {
  const config = Object.assign(new ApiConfig(), { JWT_SECRET: SECRET, API_KEY_CACHE_TTL_MS: 30_000 });
  // the key table as the key service answers it: a key deleted here is revoked without an event (the CLI)
  const keys = new Map<string, Principal>([
    ['bsc_one', keyHolder('1')],
    ['bsc_two', keyHolder('2')],
  ]);
  let lookupFails = false;
  const apiKeys = {
    verify: (key: string) =>
      lookupFails ? Promise.reject(new Error('database away')) : Promise.resolve(keys.get(key) ?? null),
  } as unknown as ApiKeyService;
  const bus = new InProcessEventBus();
  const sut = new SubscriptionSocketsService(new Authenticator(SECRET, config, apiKeys), bus, config);
  return { sut, bus, keys, failLookups: () => (lookupFails = true) };
}

function socket(connectionParams: Record<string, unknown>) {
  const close = jest.fn<void, [number, string]>();
  const ctx: SocketContext = { connectionParams, extra: { socket: { close } } };
  return { ctx, close };
}

const bearer = (expiresInS: number) => ({
  authorization: `Bearer ${sign({ role: 'viewer' }, SECRET, { algorithm: 'HS256', issuer: 'bsc-twin', subject: 'ada', expiresIn: expiresInS })}`,
});

describe(SubscriptionSocketsService.name, () => {
  let built: ReturnType<typeof build>;
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    built = build();
  });
  afterEach(() => {
    built.sut.onModuleDestroy();
    jest.useRealTimers();
  });

  it("closes a token's socket when its exp passes (60 s after signing), not a millisecond before", async () => {
    const { sut } = built;
    const { ctx, close } = socket(bearer(60));
    expect(await sut.open(ctx)).toBe(true);
    expect(sut.principalOf(ctx)).toEqual({ subject: 'ada', role: 'viewer', units: null, via: 'jwt' });

    await jest.advanceTimersByTimeAsync(10_000);
    // a subscribe message re-checks from the token cache, which keeps the expiry
    expect(await sut.recheck(ctx)).toBe(true);
    await jest.advanceTimersByTimeAsync(49_999);
    expect(close).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(close.mock.calls).toEqual([[4403, 'Forbidden: bearer token: jwt expired']]);
    expect(sut.principalOf(ctx)).toBeNull();
    expect(await sut.recheck(ctx)).toBe(false);
  });

  it("forgets a socket's expiry when the socket closes first", async () => {
    const { sut } = built;
    const { ctx, close } = socket(bearer(60));
    await sut.open(ctx);
    sut.closed(ctx);
    await jest.advanceTimersByTimeAsync(61_000);
    expect(close).not.toHaveBeenCalled();
    expect(sut.size).toBe(0);
  });

  it("closes every socket of a revoked key at once, from this instance or another, and no one else's", async () => {
    const { sut, bus } = built;
    const first = socket({ 'x-api-key': 'bsc_one' });
    const second = socket({ authorization: 'ApiKey bsc_one' });
    const other = socket({ 'x-api-key': 'bsc_two' });
    for (const s of [first, second, other]) await sut.open(s.ctx);

    bus.publish('api-key.revoked', { id: '1', at: T0 });

    expect(first.close.mock.calls).toEqual([[4403, 'Forbidden: API key: unknown or revoked']]);
    expect(second.close.mock.calls).toEqual([[4403, 'Forbidden: API key: unknown or revoked']]);
    expect(other.close).not.toHaveBeenCalled();
    expect(sut.size).toBe(1);
  });

  it('refuses a subscribe message once the credentials are refused, closing the socket', async () => {
    const { sut, keys } = built;
    const { ctx, close } = socket({ 'x-api-key': 'bsc_one' });
    await sut.open(ctx);
    expect(await sut.recheck(ctx)).toBe(true);

    keys.delete('bsc_one'); // revoked with no event (bsc api-key revoke)
    expect(await sut.recheck(ctx)).toBe(false);
    expect(close.mock.calls).toEqual([[4403, 'Forbidden: API key: unknown or revoked']]);
    expect(await sut.recheck(ctx)).toBe(false);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('re-checks API-key sockets every API_KEY_CACHE_TTL_MS (30 s): a revocation no event carried ends them', async () => {
    const { sut, keys } = built;
    const { ctx, close } = socket({ 'x-api-key': 'bsc_one' });
    await sut.open(ctx);
    keys.delete('bsc_one');

    await jest.advanceTimersByTimeAsync(29_999);
    expect(close).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(close.mock.calls).toEqual([[4403, 'Forbidden: API key: unknown or revoked']]);
  });

  it('re-checks API-key sockets after events.resync (events may have been missed)', async () => {
    const { sut, bus, keys } = built;
    const { ctx, close } = socket({ 'x-api-key': 'bsc_one' });
    await sut.open(ctx);
    keys.delete('bsc_one');

    bus.publish('events.resync', { at: T0, reason: 'reconnect' });
    await jest.advanceTimersByTimeAsync(0);
    expect(close.mock.calls).toEqual([[4403, 'Forbidden: API key: unknown or revoked']]);
  });

  it('keeps a socket whose re-check could not reach the key table', async () => {
    const { sut, failLookups } = built;
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { ctx, close } = socket({ 'x-api-key': 'bsc_one' });
    await sut.open(ctx);
    failLookups();

    await jest.advanceTimersByTimeAsync(30_000);
    expect(close).not.toHaveBeenCalled();
    expect(sut.size).toBe(1);
    expect(warn).toHaveBeenCalledWith("re-checking a subscription's credentials failed: database away");
    warn.mockRestore();
  });

  it('does not admit a socket that closed while its credentials were being checked', async () => {
    const { sut } = built;
    const { ctx } = socket({ 'x-api-key': 'bsc_one' });
    const admitted = sut.open(ctx);
    sut.closed(ctx);
    expect(await admitted).toBe(false);
    expect(sut.size).toBe(0);
  });
});
