import { testSample as sample, type SignalSample } from '@bsc/common';
import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import { fittedFineHorizon } from './fine-horizon';
import { KpiEngine } from './kpi-engine';

const MIN = 60_000;
const HOUR = 60 * MIN;

// x and y are gauges held 3 minutes (three intervals of the KPIs' default 1-minute update), c a counter, h a gauge
// declared to hold 10 minutes
const modelOf = (...formulas: string[]): TwinModel => {
  const builder = TwinModelBuilder.model()
    .signal('x', 'y', 'c', 'h')
    .declare({ kind: 'counter' }, 'c')
    .declare({ maxHold: '10m' }, 'h');
  formulas.forEach((f, i) => builder.kpi(`k${i}`, f));
  return builder.build();
};

describe(fittedFineHorizon.name, () => {
  it.each([
    // twice the longest window over a signal, the 3 minutes a gauge's earlier reading holds into it and one bucket
    ['a 15 min and a 1 h window', ['max(x, 15m) - min(y, 15m)', 'avg(x, 1h)'], {}, 2 * 64 * MIN],
    ['a declared hold', ['avg(h, 30m)', 'avg(x, 20m)'], {}, 2 * 41 * MIN],
    // twice 2 h 59 min + 3 min + 1 min is past the default: the default itself
    ['a window near the default', ['avg(x, 179m)', 'avg(y, 10m)'], {}, 6 * HOUR],
    // 6 h and 2 d are read from hour buckets under the default too: they do not count
    ['windows the default reads from hour buckets', ['rate(x, 6h) + sum(y, 2d)', 'min(x, 20m)'], {}, 48 * MIN],
    // a counter's maximum reads only its window; its sum steps from the reading before the window, at any age
    ["a counter's maximum", ['max(c, 15m)'], {}, 32 * MIN],
    ["a counter's sum", ['sum(c, 15m)', 'avg(x, 1h)'], {}, 6 * HOUR],
    // a window over another KPI is read from that KPI's values, not from the buckets: 30 s + 3 min + 1 min
    ['a window over a KPI', ['sum(x, period)', 'max(k0, 3h) + avg(y, 30s)'], {}, 10 * MIN],
    ['period windows and latest values only', ['sum(x, period) + y'], {}, 2 * MIN],
    ['the floor', ['avg(x, 15m)'], { floorMs: 45 * MIN }, 45 * MIN],
    ['another bucket width', ['avg(x, 1h)'], { bucketMs: 10_000 }, 2 * (HOUR + 3 * MIN + 10_000)],
    // a shorter horizon than the default: 2 h + 1 min does not fit 2 h, so that window does not count
    ['another horizon', ['avg(x, 2h)', 'avg(y, 40m)'], { retentionMs: 2 * HOUR }, 88 * MIN],
  ])('%s', (_, formulas, options, expected) => {
    expect(fittedFineHorizon(modelOf(...formulas), options)).toBe(expected);
  });

  it('gives an engine the values the default horizon gives for samples in time order', () => {
    const model = modelOf('avg(x, 1h) + max(y, 15m)', 'rate(x, 6h) + sum(y, 2d)', 'avg_samples(x, 45m)');
    const horizon = fittedFineHorizon(model);
    expect(horizon).toBe(2 * 64 * MIN);
    const fitted = new KpiEngine(model, { clock: () => 0, retentionMs: horizon, latenessMs: 6 * HOUR });
    const standard = new KpiEngine(model, { clock: () => 0 });
    // three days of readings every 2 minutes (held into windows that start between them), a quiet afternoon each day
    const T0 = Date.UTC(2026, 10, 22);
    const samples: SignalSample[] = [];
    for (let m = 0; m < 3 * 24 * 60; m += 2) {
      if (m % (24 * 60) >= 13 * 60 && m % (24 * 60) < 17 * 60) continue;
      samples.push(sample('x', T0 + m * MIN, (m * 37) % 101), sample('y', T0 + m * MIN, (m * 53) % 89));
    }
    for (let i = 0; i < samples.length; i += 50) {
      fitted.ingest(samples.slice(i, i + 50));
      standard.ingest(samples.slice(i, i + 50));
    }
    for (const id of ['k0', 'k1', 'k2']) {
      expect(fitted.history(id).length).toBeGreaterThan(0);
      expect(fitted.history(id).map((v) => [v.periodKey, v.value])).toEqual(
        standard.history(id).map((v) => [v.periodKey, v.value]),
      );
    }
  });
});
