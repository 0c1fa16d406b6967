/*
 * Memory of the signal anomaly detector's state, per signal: N detectors (default 5 000, --signals N) each fed
 * --samples (300) samples, measured as the growth of the V8 heap plus typed-array backing stores after a full GC
 * (run with --expose-gc), with the SignalAnomalyMonitor's per-signal bookkeeping measured the same way. The baseline beside it
 * is the floor the design needs: the values it must keep (history, residual rings and the three tails' rings).
 * Last line: ONE JSON object.
 */
import { DEFAULT_SIGNAL_ANOMALY_SETTINGS, SignalAnomalyDetector, seededNormal } from '@bsc/forecasting';
import type { KpiDef } from '@bsc/twin';
import { SignalAnomalyMonitor } from '../../apps/ingestion/src/alerts/signal-anomaly-monitor';
import { argNumber } from './support/bench-args';

/** Samples each detector reads (--samples): a detector's rings grow with the samples it has seen, up to their size. */
const SAMPLES_EACH = argNumber('samples', 300);
const STEP_MS = 60_000;

function usedBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function detectorsAlone(n: number): number {
  const normal = seededNormal(1);
  const before = usedBytes();
  const kept: SignalAnomalyDetector[] = [];
  for (let i = 0; i < n; i++) {
    const d = new SignalAnomalyDetector();
    for (let k = 0; k < SAMPLES_EACH; k++) d.update(100 + normal(), k * STEP_MS);
    kept.push(d);
  }
  const perSignal = (usedBytes() - before) / n;
  if (kept.length !== n) throw new Error('lost detectors');
  return perSignal;
}

function throughMonitor(n: number): number {
  const kpis = Array.from({ length: n }, (_, i) => ({
    id: `k${i}`,
    formula: `avg(s${i}, period)`,
  })) as unknown as KpiDef[];
  const normal = seededNormal(2);
  const before = usedBytes();
  const monitor = new SignalAnomalyMonitor(kpis);
  for (let k = 0; k < SAMPLES_EACH; k++) {
    const samples = Array.from({ length: n }, (_, i) => ({
      signalId: `s${i}`,
      ts: k * STEP_MS,
      value: 100 + normal(),
      quality: 'good' as const,
      source: 'bench',
    }));
    monitor.observe(samples);
  }
  const perSignal = (usedBytes() - before) / n;
  if (monitor.signalCount !== n) throw new Error('lost signals');
  return perSignal;
}

function main(): void {
  const n = argNumber('signals', 5_000);
  const s = DEFAULT_SIGNAL_ANOMALY_SETTINGS;
  const rings = s.shiftShort + s.shiftLong;
  // the values the design keeps: history (Float64), residuals and steps (Float64), three tails (bfloat16)
  const floor = s.historyLength * 8 + 2 * rings * 8 + 3 * s.tailHistory * 2;
  const detector = detectorsAlone(n);
  const monitor = throughMonitor(n);
  const row = (label: string, bytes: number) =>
    `${label.padEnd(44)} ${Math.round(bytes).toString().padStart(8)} B   ${((bytes * 100_000) / 2 ** 30).toFixed(2)} GiB`;
  console.log(`signals: ${n}, ${SAMPLES_EACH} samples each`);
  console.log(`${''.padEnd(44)} per signal   at 100 000 signals`);
  console.log(row('baseline: the values the design keeps', floor));
  console.log(row('detector state (measured)', detector));
  console.log(row('monitor, per watched signal (measured)', monitor));
  console.log(
    JSON.stringify({
      signals: n,
      samplesEach: SAMPLES_EACH,
      floorBytesPerSignal: floor,
      detectorBytesPerSignal: Math.round(detector),
      monitorBytesPerSignal: Math.round(monitor),
      monitorGiBAt100k: Number(((monitor * 100_000) / 2 ** 30).toFixed(2)),
    }),
  );
}

main();
