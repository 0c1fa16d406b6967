import { HealthRegistry } from './health-registry';

describe(HealthRegistry.name, () => {
  it('is ready only when every check passes, and reports each one', async () => {
    const sut = new HealthRegistry();
    sut.register('db', () => ({ ok: true }));
    sut.register('mqtt', () => Promise.resolve({ ok: false, detail: 'reconnecting' }));

    const result = await sut.run();

    expect(result.ready).toBe(false);
    expect(result.checks).toEqual({ db: { ok: true }, mqtt: { ok: false, detail: 'reconnecting' } });
  });

  it('counts a throwing or hanging check as failed', async () => {
    const sut = new HealthRegistry();
    sut.register('throws', () => {
      throw new Error('down');
    });
    sut.register('hangs', () => new Promise(() => undefined));

    const result = await sut.run(20);

    expect(result.checks.throws).toEqual({ ok: false, detail: 'down' });
    expect(result.checks.hangs).toEqual({ ok: false, detail: 'timed out after 20 ms' });
  });
});
