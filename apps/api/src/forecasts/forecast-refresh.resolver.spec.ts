import type { ActiveModel } from '@bsc/app-kit';
import { TwinModelBuilder, TwinGraph } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { TwinIndexService } from '../twin/twin-index.service';
import type { ForecastProvider } from './forecast-provider.port';
import { ForecastRefreshResolver } from './forecast-refresh.resolver';

describe(ForecastRefreshResolver.name, () => {
  // output and scrap_rate belong to 'plant'; group_output to its parent 'acme'.
  const model = TwinModelBuilder.minimal()
    .push('kpis', {
      id: 'group_output',
      name: 'Group output',
      unit: 'units',
      orgUnit: 'acme',
      direction: 'higher_is_better',
      formula: 'output',
      target: 100,
    })
    .buildValid();
  const activeModel: ActiveModel = {
    current: () => ({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 }),
    onChange: () => () => undefined,
    import: () => Promise.reject(new Error('not used')),
  };
  const principal = (units: string[] | null): Principal => ({
    subject: 'tester',
    role: 'strategist',
    units,
    via: 'jwt',
  });
  let refreshed: Array<readonly string[] | undefined>;
  let sut: ForecastRefreshResolver;

  beforeEach(() => {
    refreshed = [];
    const provider = {
      refresh: (ids?: readonly string[]) => {
        refreshed.push(ids);
        return Promise.resolve();
      },
    } as ForecastProvider;
    sut = new ForecastRefreshResolver(provider, new TwinIndexService(activeModel));
  });

  it('refreshes every KPI for an unscoped caller', async () => {
    await expect(sut.refreshForecasts(principal(null))).resolves.toBe(true);
    expect(refreshed).toEqual([undefined]);
  });

  it('refreshes only the KPIs of the granted units for a scoped caller', async () => {
    await sut.refreshForecasts(principal(['plant']));
    expect([...(refreshed[0] ?? [])].sort()).toEqual(['output', 'scrap_rate']);
  });

  it('answers NOT_FOUND for a KPI outside the grant, as for a missing one', async () => {
    await expect(sut.refreshForecasts(principal(['plant']), ['group_output'])).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: 'kpiIds',
    });
    await expect(sut.refreshForecasts(principal(null), ['nope'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(refreshed).toEqual([]);
  });
});
