import type { KpiValue, SignalSample } from '@bsc/common';
import { seededNormal } from '@bsc/forecasting';
import { TwinModelBuilder, type TwinModel } from '@bsc/twin';

export const NOV_START = Date.UTC(2026, 10, 1);
export const DEC_START = Date.UTC(2026, 11, 1);

/**
 * Owners up the hierarchy (line-lead → plant-manager → ceo) and a KPI `quality` = avg(line1.good): target 95,
 * at risk below 93, off target from 90 (absolute thresholds), updated every minute.
 */
export function alertTestModel(): TwinModel {
  return TwinModelBuilder.minimal()
    .set('units', [
      { id: 'acme', name: 'ACME', owner: 'ceo' },
      { id: 'plant', name: 'Plant', parent: 'acme', owner: 'plant-manager' },
    ])
    .push('kpis', {
      id: 'quality',
      name: 'First-pass quality',
      unit: '%',
      orgUnit: 'plant',
      owner: 'line-lead',
      direction: 'higher_is_better',
      formula: 'avg(line1.good, period)',
      aggregation: 'avg',
      target: 95,
      thresholds: { mode: 'absolute', atRisk: 2, offTarget: 5 },
      updateFrequency: '1m',
    })
    .buildValid();
}

/** A November value of `quality` (or another KPI) computed at `at`. */
export function aKpiValue(value: number | null, at: number, overrides: Partial<KpiValue> = {}): KpiValue {
  return {
    kpiId: 'quality',
    periodKey: '2026-11',
    periodStart: NOV_START,
    periodEnd: DEC_START,
    value,
    asOf: at,
    computedAt: at,
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
    ...overrides,
  };
}

export { FixedActiveModel } from '@bsc/app-kit';

/**
 * Samples of `quality`'s input ending at `end`: 400 quiet ones a minute apart (unit noise around 96, seeded), then one
 * at 50, the spike the signal detector reports.
 */
export function anInputSpike(end: number): SignalSample[] {
  const normal = seededNormal(3);
  return Array.from({ length: 401 }, (_, i) => ({
    signalId: 'line1.good',
    ts: end - (400 - i) * 60_000,
    value: i === 400 ? 50 : 96 + normal(),
    quality: 'good' as const,
    source: 'test',
  }));
}

/** A clock the test moves. */
export class ManualClock {
  constructor(public current: number) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }
}
