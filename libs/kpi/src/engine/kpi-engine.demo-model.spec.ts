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
      samples.push({
        signalId: signal.id,
        ts: t,
        value: 50 + ((i * 7 + t / MINUTE) % 50),
        quality: 'good',
        source: 'test',
      });
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

  it('reads OEE by time: a day of 10-minute history outweighs an hour of live seconds', () => {
    const DEC = Date.UTC(2026, 11, 1);
    const samples: SignalSample[] = [];
    const factors = (ts: number, availability: number) =>
      ['line3.availability', 'line3.performance', 'line3.quality'].forEach((signalId, i) =>
        samples.push({ signalId, ts, value: i === 0 ? availability : 100, quality: 'good', source: 'test' }),
      );
    for (let i = 0; i < 144; i++) factors(DEC + i * 10 * MINUTE, 90);
    for (let i = 0; i < 3_600; i++) factors(DEC + 1_440 * MINUTE + i * 1_000, 20);
    const sut = new KpiEngine(model, { clock: () => 0 });
    for (let i = 0; i < samples.length; i += 1_000) sut.ingest(samples.slice(i, i + 1_000));
    // Open month read up to the watermark (00:59:59 on 2 December) + 1 ms. 90 % held 24 h (each history sample
    // 10 min, within the declared 15 min hold), 20 % held 3 599 001 ms; performance and quality are 100 %:
    // OEE = availability = (90 · 86 400 000 + 20 · 3 599 001) / (86 400 000 + 3 599 001) ≈ 87.2 %.
    // Per sample it would read (144 · 90 + 3600 · 20) / 3744 ≈ 22.7 %.
    const byTime = (90 * 86_400_000 + 20 * 3_599_001) / (86_400_000 + 3_599_001);
    expect(sut.valueOf('oee_line3', '2026-12')?.value).toBeCloseTo(byTime, 9);
  });

  it('declares the kinds the demo signals physically have', () => {
    const kinds = new Map(model.signals.map((s) => [s.id, s.kind ?? 'gauge']));
    expect([
      kinds.get('line3.availability'),
      kinds.get('line3.good_count'),
      kinds.get('erp.order_value'),
      kinds.get('crm.csat_score'),
      kinds.get('hr.headcount'),
    ]).toEqual(['gauge', 'amount', 'amount', 'event', 'gauge']);
  });
});
