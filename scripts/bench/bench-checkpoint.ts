/*
 * KPI checkpoint benchmark: the longest the event loop is held while a checkpoint of a generated model (as many
 * signals as KPIs, see largeKpiModel) is taken and gzipped, as before (the whole state encoded at once, then
 * gzipSync) and now (encoded in slices with the loop's turns between them, gzip on the thread pool), alternately.
 * Live samples keep arriving every 10 ms (a batch of 10, at the newest sample time so the watermark stays and the
 * batch costs little) and reach the engine whenever the loop turns. The longest block is the longest gap between
 * the turns of a 1 ms timer; the longest slice is measured between the checkpoint's pauses. Prints a table, then ONE
 * JSON line of figures.
 *   node dist/scripts/bench/bench-checkpoint.js [--sizes 10000,100000] [--rounds 2]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';
import type { SignalSample } from '@bsc/common';
import { KpiEngine, type KpiCheckpoint } from '@bsc/kpi';
import { largeKpiModel } from './large-kpi-model';
import { argString } from './support/bench-args';
import { median } from './support/bench-stats';

const SIZES = argString('sizes', '10000,100000').split(',').map(Number);
const ROUNDS = Number(argString('rounds', '2'));
const START = Date.UTC(2026, 10, 2);
/** Samples per signal before the checkpoint: one every 8 h, so two day periods hold summaries. */
const HISTORY_STEPS = 4;
const STEP_MS = 8 * 3_600_000;
const LIVE_EVERY_MS = 10;
const LIVE_BATCH = 10;

interface Figures {
  maxBlockMs: number;
  longestSliceMs: number;
  totalMs: number;
  liveBatches: number;
  bytes: number;
}

const gzipAsync = promisify(gzip);
const bytesOf = (c: KpiCheckpoint) => Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength);

async function measure(
  engine: KpiEngine,
  size: number,
  take: (pause: () => Promise<void>) => Promise<number>,
): Promise<Figures> {
  const ts = START + (HISTORY_STEPS - 1) * STEP_MS;
  let liveBatches = 0;
  let next = 0;
  const timer = setInterval(() => {
    const batch: SignalSample[] = [];
    for (let i = 0; i < LIVE_BATCH; i++)
      batch.push({ signalId: `s${next++ % size}`, ts, value: i % 7, quality: 'good', source: 'b' });
    engine.ingest(batch);
    liveBatches++;
  }, LIVE_EVERY_MS);
  // the longest gap between the turns of a 1 ms timer: perf_hooks monitorEventLoopDelay (Node 20) reported 4 ms for
  // a 300 ms busy loop in a check, so the gap is measured directly
  let lastTurn = performance.now();
  let maxGap = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - lastTurn);
    lastTurn = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 50));
  maxGap = 0;
  const started = performance.now();
  const batchesBefore = liveBatches;
  let sliceFrom = started;
  let longestSliceMs = 0;
  const pause = async () => {
    longestSliceMs = Math.max(longestSliceMs, performance.now() - sliceFrom);
    await new Promise((resolve) => setImmediate(resolve));
    sliceFrom = performance.now();
  };
  const bytes = await take(pause);
  const totalMs = performance.now() - started;
  // one more turn, so a block at the very end is recorded too
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(probe);
  clearInterval(timer);
  return { maxBlockMs: maxGap, longestSliceMs, totalMs, liveBatches: liveBatches - batchesBefore, bytes };
}

function engineOf(size: number): KpiEngine {
  const engine = new KpiEngine(largeKpiModel(size), { clock: () => 0 });
  for (let step = 0; step < HISTORY_STEPS; step++) {
    const batch: SignalSample[] = [];
    for (let i = 0; i < size; i++)
      batch.push({
        signalId: `s${i}`,
        ts: START + step * STEP_MS,
        value: (i + step) % 11,
        quality: 'good',
        source: 'b',
      });
    engine.ingest(batch);
  }
  return engine;
}

async function main(): Promise<void> {
  const results: Record<string, { before: Figures[]; after: Figures[] }> = {};
  const loadBefore = loadavg()[0];
  for (const size of SIZES) {
    const engine = engineOf(size);
    const runs = { before: [] as Figures[], after: [] as Figures[] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.before.push(
        await measure(engine, size, () =>
          Promise.resolve(gzipSync(bytesOf(engine.checkpoint()!), { level: 6 }).length),
        ),
      );
      runs.after.push(
        await measure(engine, size, async (pause) => {
          const checkpoint = (await engine.checkpointInSlices({ pause }))!;
          return (await gzipAsync(bytesOf(checkpoint), { level: 6 })).length;
        }),
      );
    }
    results[size] = runs;
  }
  const load = [loadBefore, loadavg()[0]].map((x) => x.toFixed(1)).join(' → ');
  console.log(`KPI checkpoint, longest event-loop block (medians of ${ROUNDS}; 1-minute load ${load})`);
  const heads = ['before block ms', 'before total ms', 'after block ms', 'longest slice ms', 'after total ms'];
  console.log(['signals/KPIs', ...heads, 'live batches in', 'gzip bytes'].map((h) => h.padStart(15)).join('  '));
  const summary: Record<string, unknown> = {};
  for (const size of SIZES) {
    const { before, after } = results[size];
    const m = (fs: Figures[], key: keyof Figures) => median(fs.map((f) => f[key]));
    summary[size] = {
      beforeMaxBlockMs: m(before, 'maxBlockMs'),
      beforeTotalMs: m(before, 'totalMs'),
      afterMaxBlockMs: m(after, 'maxBlockMs'),
      afterLongestSliceMs: m(after, 'longestSliceMs'),
      afterTotalMs: m(after, 'totalMs'),
      afterLiveBatches: m(after, 'liveBatches'),
      bytes: m(after, 'bytes'),
    };
    const cells = [
      m(before, 'maxBlockMs').toFixed(0),
      m(before, 'totalMs').toFixed(0),
      m(after, 'maxBlockMs').toFixed(0),
      m(after, 'longestSliceMs').toFixed(1),
      m(after, 'totalMs').toFixed(0),
      String(m(after, 'liveBatches')),
      String(m(after, 'bytes')),
    ];
    console.log([String(size).padStart(15), ...cells.map((c) => c.padStart(15))].join('  '));
  }
  console.log(JSON.stringify({ load: loadavg(), sizes: summary }));
}

void main();
