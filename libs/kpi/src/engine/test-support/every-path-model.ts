import { TwinModelBuilder, type TwinModel } from '@bsc/twin';

/**
 * A model touching every path of the engine: period and sliding windows, latest values, quality, KPI over KPI across
 * period types, a gauge held across gaps (a) and a counter with resets (b). `monthly` adds a month KPI too.
 */
export function everyPathModel(options: { monthly?: boolean } = {}): TwinModel {
  const builder = TwinModelBuilder.model()
    .calendar({ timezone: '+01:00' })
    .signal('a', 'b')
    .declare({ maxHold: '2h' }, 'a')
    .declare({ kind: 'counter' }, 'b')
    .kpi('level', 'avg(a, period) + max(a, period) - min(a, 3h) + sum(b, period) + rate(b, 6h)')
    .kpi('total', 'sum(a, period)')
    .kpi('mix', 'avg(a, 1h) + max(b, 15m) - min(a, 30m)')
    .kpi('spread', 'a - b')
    .kpi('dispersion', 'stddev(a, period) + count(b, period)')
    .kpi('flow', 'rate(a, 2h) + delta(b, 1d) + first(b, period) + last(a, 45m)')
    .kpi('ratio', 'safediv(total, dispersion, -1)');
  if (options.monthly) builder.kpi('monthly', 'avg(a, period) + sum(b, period)', { period: 'month' });
  return builder.kpi('weekly', 'avg(total, period) + max(mix, period)', { period: 'week' }).build();
}
