import type { SignalSample } from '@bsc/common';
import { seededNormal } from '@bsc/forecasting';
import type { KpiDef } from '@bsc/twin';
import { SignalAnomalyMonitor } from './signal-anomaly-monitor';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 22);
const kpis = [
  { id: 'oee', formula: 'avg(line1.speed, period) * avg(line1.good, period)' },
  { id: 'speed', formula: 'avg(line1.speed, period)' },
  { id: 'plant_oee', formula: 'avg(oee, period)' },
] as unknown as KpiDef[];

/** `n` quiet samples (unit noise around 100) one a minute; `spikeAt` gets +50. */
function samples(signalId: string, n: number, spikeAt = -1, seed = 1): SignalSample[] {
  const normal = seededNormal(seed);
  return Array.from({ length: n }, (_, i) => ({
    signalId,
    ts: T0 + i * MIN,
    value: 100 + normal() + (i === spikeAt ? 50 : 0),
    quality: 'good',
    source: 'test',
  }));
}

describe(SignalAnomalyMonitor.name, () => {
  it('watches the signals KPI formulas read and reports a spike for each KPI reading it directly', () => {
    const sut = new SignalAnomalyMonitor(kpis);
    expect(sut.signalCount).toBe(2); // line1.speed, line1.good; `oee` in plant_oee is a KPI
    const found = sut.observe(samples('line1.speed', 400, 350)).filter((a) => a.score >= 0.5);
    expect(found.map((a) => [a.kpiId, a.signalId, a.ts])).toEqual([
      ['oee', 'line1.speed', T0 + 350 * MIN],
      ['speed', 'line1.speed', T0 + 350 * MIN],
    ]);
  });

  it('ignores signals no KPI reads, late and bad samples', () => {
    const sut = new SignalAnomalyMonitor(kpis);
    expect(sut.observe(samples('line9.other', 400, 350))).toEqual([]);
    sut.observe(samples('line1.good', 300));
    const late = { signalId: 'line1.good', ts: T0, value: 1e6, quality: 'good' as const, source: 'test' };
    const bad = { ...late, ts: T0 + 300 * MIN, quality: 'bad' as const };
    expect(sut.observe([late, bad])).toEqual([]);
  });

  it('keeps the detectors of signals still read after a model change', () => {
    const before = new SignalAnomalyMonitor(kpis);
    before.observe(samples('line1.speed', 300));
    const sut = new SignalAnomalyMonitor(kpis, before);
    // the carried detector has 300 samples of history: the next spike is judged at once
    const spike = samples('line1.speed', 301, 300).slice(300);
    expect(sut.observe(spike).map((a) => a.kpiId)).toEqual(['oee', 'speed']);
    // a fresh monitor has no history yet: no opinion
    expect(new SignalAnomalyMonitor(kpis).observe(spike)).toEqual([]);
  });

  it('judges a planned stop apart: the spike inside it is flagged planned, the restart is not news', () => {
    // samples 400-799 stopped (value 0 + noise), then running again at 100
    const stopped = (ts: number) => ts >= T0 + 400 * MIN && ts < T0 + 800 * MIN;
    const sut = new SignalAnomalyMonitor(kpis, undefined, (_, ts) => (stopped(ts) ? 'stopped' : null));
    const run = samples('line1.speed', 900, 850).map((s, i) =>
      i >= 400 && i < 800 ? { ...s, value: s.value - 100 } : s,
    );
    // a spike inside the stop, once the stop's own detector has an opinion (the first test's 350 samples in)
    run[750] = { ...run[750], value: run[750].value + 50 };
    const found = sut.observe(run).filter((a) => a.score >= 0.5);
    // the stop (a drop by 100) and the restart raise nothing; the spike in the stop is flagged; the running
    // spike at 850 is judged against the running history before the stop
    expect(found.map((a) => [a.kpiId, (a.ts - T0) / MIN, a.planned ?? false])).toEqual([
      ['oee', 750, true],
      ['speed', 750, true],
      ['oee', 850, false],
      ['speed', 850, false],
    ]);
  });

  describe('a counter (a running total that may reset)', () => {
    const counterKpis = [
      { id: 'scrap', formula: 'sum(line1.scrap_total, period)' },
      { id: 'scrap_steps', formula: 'sum(line1.scrap_step, period)' },
    ] as unknown as KpiDef[];
    const counters = new Set(['line1.scrap_total']);
    const at = (signalId: string, i: number, value: number): SignalSample => ({
      signalId,
      ts: T0 + i * 1000,
      value,
      quality: 'good',
      source: 'test',
    });

    it('is judged on its steps, and a reset is a step of the new reading', () => {
      const sut = new SignalAnomalyMonitor(counterKpis, undefined, undefined, counters);
      // readings 0, 10, 20 … 2990 (samples 0-299), reset just after sample 299, then 10, 20 … 1000 (samples
      // 300-399): every step is 10, the reset's too (the reading dropped, so the new reading 10 is the step); the
      // raw readings fall by 2980 at sample 300
      const run = Array.from({ length: 400 }, (_, i) => at('line1.scrap_total', i, (i < 300 ? i : i - 299) * 10));
      expect(sut.observe(run)).toEqual([]);
    });

    it('scores each reading as an amount signal scores the same steps', () => {
      const sut = new SignalAnomalyMonitor(counterKpis, undefined, undefined, counters);
      // steps 0, 0, 0, 1 (a quarter a second) for 1200 s, then 1, 1, 0, 1 (three quarters): the reading is their
      // running total; the first reading has no step before it and is not judged
      const steps = Array.from({ length: 1400 }, (_, i) => ((i < 1200 ? i % 4 === 3 : i % 4 !== 2) ? 1 : 0));
      let total = 500;
      const readings = [at('line1.scrap_total', 0, total)];
      steps.forEach((step, i) => readings.push(at('line1.scrap_total', i + 1, (total += step))));
      const twin = new SignalAnomalyMonitor(counterKpis);
      const expected = twin.observe(steps.map((step, i) => at('line1.scrap_step', i + 1, step)));
      expect(expected.some((a) => a.score >= 0.5)).toBe(true);
      const found = sut.observe(readings);
      expect(found.map((a) => [a.ts, a.score])).toEqual(expected.map((a) => [a.ts, a.score]));
      expect(found.every((a) => a.signalId === 'line1.scrap_total' && a.kpiId === 'scrap')).toBe(true);
    });
  });
});
