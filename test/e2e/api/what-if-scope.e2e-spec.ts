import { FiscalCalendar } from '@bsc/kpi';
import { loadValidModelFromFile } from '@bsc/twin';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';
import { demoForecasts, demoLink as link, recordDemoOutput } from './demo-forecasts.fixture';

const QUERY = `query($scenario: ScenarioInput!) { whatIf(scenario: $scenario) { kpis { kpiId } } }`;

describe('whatIf drivers and saved scenarios inside the caller’s units', () => {
  let sut: ApiTestApp;
  let north: Record<string, string>;
  const now = Date.now();

  beforeAll(async () => {
    const model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
    const month = new FiscalCalendar(model.calendar).periodOf(now, 'month');
    const links = [link('north_reliability', 'operational_excellence', 7, 0.6, 0.1, 0.001, { oee_plant_north: 3 })];
    sut = await startApiTestApp({}, demoForecasts(model, now, links));
    north = bearer(sut.token('viewer', ['plant-north']));
    await recordDemoOutput(sut, month.start, now);
  });
  afterAll(() => sut?.close());

  const codeOf = async (kind: string, id: string) => {
    const drivers = [{ kind, id, change: 'absolute', value: 5 }];
    const res = await gql(sut.url, QUERY, { scenario: { drivers, draws: 200 } }, north);
    return res.errors?.[0]?.extensions?.code ?? 'ANSWERED';
  };

  it.each([
    // [driver kind, in plant-north, in plant-south, unknown]
    ['kpi', 'oee_line2', 'oee_line3', 'no_such_kpi'],
    ['signal', 'line2.speed', 'line3.speed', 'no.such.signal'],
  ])('answers a %s driver of another unit as an unknown one', async (kind, own, other, unknown) => {
    expect(await codeOf(kind, own)).toBe('ANSWERED');
    expect(await codeOf(kind, other)).toBe('BAD_USER_INPUT');
    expect(await codeOf(kind, unknown)).toBe('BAD_USER_INPUT');
  });

  it('does not list a saved scenario that drives another unit’s signal', async () => {
    const saved = await gql(
      sut.url,
      `mutation { saveScenario(name: "south line 3 speed-up",
         scenario: { drivers: [{ kind: signal, id: "line3.speed", change: relative, value: 0.1 }] }) { id } }`,
      {},
      bearer(sut.token('strategist')),
    );
    expect(saved.errors).toBeUndefined();

    const listed = await gql<{ scenarios: Array<{ name: string }> }>(sut.url, '{ scenarios { name } }', {}, north);
    const all = await gql<{ scenarios: Array<{ name: string }> }>(
      sut.url,
      '{ scenarios { name } }',
      {},
      bearer(sut.token('viewer')),
    );

    expect(listed.data!.scenarios.map((s) => s.name)).not.toContain('south line 3 speed-up');
    expect(all.data!.scenarios.map((s) => s.name)).toContain('south line 3 speed-up');
  });
});
