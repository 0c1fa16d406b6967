import { KpiValueRepository, SampleRepository, TargetOverrideRepository } from '@bsc/persistence';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

/** Repository reads per request must not grow with the number of KPIs or signals returned (no N+1). */
describe('batching (no N+1)', () => {
  let sut: ApiTestApp;
  let viewer: Record<string, string>;
  let spies: jest.SpyInstance[];
  beforeAll(async () => {
    sut = await startApiTestApp();
    viewer = bearer(sut.token('viewer'));
  });
  beforeEach(() => {
    spies = [
      jest.spyOn(KpiValueRepository.prototype, 'asOf'),
      jest.spyOn(KpiValueRepository.prototype, 'history'),
      jest.spyOn(KpiValueRepository.prototype, 'revisions'),
      jest.spyOn(KpiValueRepository.prototype, 'historyOfMany'),
      jest.spyOn(KpiValueRepository.prototype, 'revisionsOfMany'),
      jest.spyOn(TargetOverrideRepository.prototype, 'list'),
      jest.spyOn(SampleRepository.prototype, 'latest'),
    ];
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));
  afterAll(() => sut?.close());

  async function readsFor(query: string, variables: Record<string, unknown>): Promise<number> {
    spies.forEach((s) => s.mockClear());
    const res = await gql(sut.url, query, variables, viewer);
    expect(res.errors).toBeUndefined();
    return spies.reduce((sum, s) => sum + s.mock.calls.length, 0);
  }

  it('reads KPI values once per page, whatever its size', async () => {
    const query =
      'query($n: Int) { kpis(first: $n) { nodes { id value target status score quality { coverage } forecast { method } } } }';
    const few = await readsFor(query, { n: 2 });
    const many = await readsFor(query, { n: 20 });
    expect(few).toBeGreaterThan(0);
    expect(many).toBe(few);
  });

  it('reads the history and the revisions of a page of KPIs with one query each, whatever its size', async () => {
    const query = 'query($n: Int) { kpis(first: $n) { nodes { id history { value } revisions { value } } } }';
    const few = await readsFor(query, { n: 2 });
    const many = await readsFor(query, { n: 20 });
    // asOf + target overrides for the page, then historyOfMany and revisionsOfMany once each
    expect(few).toBe(4);
    expect(many).toBe(few);
  });

  it('reads last samples once per page of signals', async () => {
    const query = 'query($n: Int) { signals(first: $n) { nodes { id lastSample { value } quality } } }';
    expect(await readsFor(query, { n: 40 })).toBe(await readsFor(query, { n: 3 }));
  });

  it('assembles a scorecard of a small and a large unit with the same number of reads', async () => {
    const query =
      'query($unit: ID) { scorecard(unit: $unit) { score perspectives { objectives { kpis { id value status } } } children { score } } }';
    // each time after a change that makes the live scorecard read everything again
    const afterReload = (unit: string) => {
      sut.bus.publish('scorecard.changed', { unitId: unit, at: Date.now() });
      return readsFor(query, { unit });
    };
    const small = await afterReload('sales-service');
    const large = await afterReload('acme');
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
    // then served from the kept roll-up
    expect(await readsFor(query, { unit: 'acme' })).toBe(0);
  });
});
