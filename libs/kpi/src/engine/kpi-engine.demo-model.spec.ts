import { join } from 'node:path';
import type { SignalSample } from '@bsc/common';
import { loadModelFromFile, TwinModel } from '@bsc/twin';
import { KpiEngine } from './kpi-engine';

const DEMO_MODEL = join(__dirname, '../../../../models/demo/acme-manufacturing.yaml');
const T0 = Date.UTC(2026, 10, 2);
const MINUTE = 60_000;

/** Two days of one sample per signal every 10 minutes, deterministic values in a plausible 50..99 range. */
function demoSamples(model: TwinModel): SignalSample[] {
  const samples: SignalSample[] = [];
  for (let t = T0; t < T0 + 2 * 1_440 * MINUTE; t += 10 * MINUTE) {
    model.signals.forEach((signal, i) => {
      samples.push({ signalId: signal.id, ts: t, value: 50 + ((i * 7 + t / MINUTE) % 50), quality: 'good', source: 'test' });
    });
  }
  return samples;
}

describe(`${KpiEngine.name} on the demo model`, () => {
  let model: TwinModel;

  beforeAll(async () => {
    const result = await loadModelFromFile(DEMO_MODEL);
    expect(result.issues).toEqual([]);
    model = result.model as TwinModel;
  });

  it('computes every formula KPI from streamed signals', () => {
    const sut = new KpiEngine(model, { clock: () => 0 });
    const samples = demoSamples(model);
    sut.replay(samples);
    const formulaKpis = model.kpis.filter((k) => k.formula !== undefined).map((k) => k.id);
    const current = new Map(sut.currentValues().map((v) => [v.kpiId, v]));
    for (const id of formulaKpis) {
      expect(current.get(id)).toMatchObject({ kpiId: id, origin: 'computed' });
    }
    const withValues = formulaKpis.filter((id) => current.get(id)?.value !== null);
    // Formulas that read manual KPIs have no value until someone enters one; signal-fed ones all do.
    expect(withValues.length).toBeGreaterThan(formulaKpis.length / 2);
    // Signals no KPI reads are not kept.
    const stats = sut.stats();
    expect([stats.duplicates, stats.accepted + stats.ignored]).toEqual([0, samples.length]);
  });

  it('gives the same values when the stream is fed live in small batches', () => {
    const samples = demoSamples(model);
    const replayed = new KpiEngine(model, { clock: () => 0 });
    replayed.replay(samples);
    const live = new KpiEngine(model, { clock: () => 0 });
    for (let i = 0; i < samples.length; i += 37) live.ingest(samples.slice(i, i + 37));
    expect(live.currentValues()).toEqual(replayed.currentValues());
  });
});
