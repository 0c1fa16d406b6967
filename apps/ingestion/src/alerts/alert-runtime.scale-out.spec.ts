import type { SignalSample } from '@bsc/common';
import type { BscEventMap } from '@bsc/events';
import type { AlertRuleDef } from '@bsc/scorecard';
import { IngestionConfig } from '../config/ingestion.config';
import { alertRuntimeOptions, type ScaleOutRole } from './alert-runtime.options';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, anInputSpike } from './testing/alert-test-model';

const T0 = Date.UTC(2026, 10, 22, 8);
const ANOMALY: AlertRuleDef[] = [{ id: 'odd', kind: 'anomaly' }];

/** The spike's anomaly as a worker announces it. */
const workerAnomaly = (planned = false): BscEventMap['anomalies.detected'] => ({
  anomalies: [
    {
      kind: 'signal',
      kpiId: 'quality',
      signalId: 'line1.good',
      ts: T0,
      score: 0.9,
      value: 50,
      expected: null,
      lower: null,
      upper: null,
      periodKey: null,
      ...(planned ? { planned } : {}),
    },
  ],
  at: T0,
});

describe('AlertRuntimeService scaled out', () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig | undefined;

  async function start(scaleOut: ScaleOutRole, rules = ANOMALY): Promise<AlertRuntimeRig> {
    rig = await rigs.start(alertTestModel(), rules, T0, { scaleOut });
    rig.sut.onApplicationBootstrap();
    // a value to judge the anomaly against
    rig.bus.publish('kpi.updated', { value: aKpiValue(96, T0), modelVersion: 1 });
    return rig;
  }

  /** The samples as this process stored them, or as another process's announcement delivered them. */
  function ingest(on: AlertRuntimeRig, samples: SignalSample[], origin: 'local' | 'remote'): void {
    on.bus.deliver('samples.ingested', { samples }, origin);
  }

  it("an intake's elected runtime leaves signals to the workers and raises the anomaly rule from their announcement", async () => {
    const { sut, bus, raised, announced } = await start('intake');
    ingest(rig!, anInputSpike(T0), 'local');
    await sut.whenIdle();
    expect([raised, announced]).toEqual([[], []]);

    bus.deliver('anomalies.detected', workerAnomaly(), 'remote');
    await sut.whenIdle();
    expect(raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd' })]);
  });

  it('a planned-downtime anomaly from a worker raises nothing', async () => {
    const { sut, bus, raised } = await start('intake');
    bus.deliver('anomalies.detected', workerAnomaly(true), 'remote');
    await sut.whenIdle();
    expect(raised).toEqual([]);
  });

  it('a worker watches the samples it stored, stores and announces the anomaly, and its elected runtime alerts on it', async () => {
    const { sut, raised, announced, anomalies } = await start('worker');
    ingest(rig!, anInputSpike(T0), 'local');
    await sut.whenIdle();

    // the spike, for both KPIs reading the signal (the minimal model's output and quality)
    const spikes = announced.flatMap((e) => e.anomalies).filter((a) => a.score >= 0.5);
    expect(spikes.map((a) => [a.kpiId, a.kind, a.signalId, a.ts])).toEqual([
      ['output', 'signal', 'line1.good', T0],
      ['quality', 'signal', 'line1.good', T0],
    ]);
    const stored = await anomalies.list({ from: T0, to: T0 + 1, kpiIds: ['quality'] });
    expect(stored.map((a) => [a.signalId, a.unitId])).toEqual([['line1.good', 'plant']]);
    expect(raised).toEqual([expect.objectContaining({ kpiId: 'quality', rule: 'odd' })]);
  });

  it("a worker does not judge another process's samples (their own worker does)", async () => {
    const { sut, announced } = await start('worker');
    ingest(rig!, anInputSpike(T0), 'remote');
    await sut.whenIdle();
    expect(announced).toEqual([]);
  });

  it('a worker watches no signal while no anomaly rule applies', async () => {
    const { sut, announced } = await start('worker', [{ id: 'status-change', kind: 'status_change' }]);
    ingest(rig!, anInputSpike(T0), 'local');
    await sut.whenIdle();
    expect(announced).toEqual([]);
  });

  it.each([
    ['database', 'all', 'none'],
    ['jetstream', 'all', 'intake'],
    ['jetstream', 'worker', 'worker'],
  ] as const)('SAMPLE_LOG=%s with INGEST_ROLE=%s is scale-out role %s', (log, role, expected) => {
    const config = Object.assign(new IngestionConfig(), { SAMPLE_LOG: log, INGEST_ROLE: role });
    expect(alertRuntimeOptions(config).scaleOut).toBe(expected);
  });
});
