import { histogram, quantileMs } from './prom-histogram';
import { writeLoopFigures, type WriteLoopFigures } from './write-loop-figures';

const LAG = 'bsc_ingest_lag_seconds';

/** One poll during the stream: the ingestion's /metrics text and what the database shows of its background work. */
export interface TimelinePoll {
  /** Seconds since the stream started. */
  atS: number;
  metrics: string;
  /** The rollup fold's watermark (it moves when a fold commits). */
  foldedUpTo: number | null;
  /** The newest KPI checkpoint's time (it moves when a checkpoint is stored). */
  checkpointAt: number | null;
}

/**
 * The lag of one interval between two polls, whether a fold or a checkpoint finished in it, and the write loop in
 * it: slower writes point at the database, a slower KPI step at the CPU.
 */
export interface TimelineWindow {
  fromS: number;
  toS: number;
  lagP99Ms: number | null;
  fold: boolean;
  checkpoint: boolean;
  writeLoop: WriteLoopFigures;
}

/** The polls' intervals, each with the p99 of the lag observed in it (the ingestion's histogram, as bench:scale reads). */
export function lagWindows(polls: readonly TimelinePoll[]): TimelineWindow[] {
  const windows: TimelineWindow[] = [];
  for (let i = 1; i < polls.length; i++) {
    const [a, b] = [polls[i - 1], polls[i]];
    windows.push({
      fromS: a.atS,
      toS: b.atS,
      lagP99Ms: quantileMs(histogram(a.metrics, LAG), histogram(b.metrics, LAG), 0.99),
      fold: b.foldedUpTo !== a.foldedUpTo,
      checkpoint: b.checkpointAt !== a.checkpointAt,
      writeLoop: writeLoopFigures(a.metrics, b.metrics, (b.atS - a.atS) * 1000),
    });
  }
  return windows;
}

/**
 * The `count` windows of the highest lag, worst first, each marked with the background work that finished in it or
 * in the `before` windows ahead of it (a backlog shows in the lag after its cause has ended).
 */
export function worstWindows(windows: readonly TimelineWindow[], count: number, before = 2): TimelineWindow[] {
  const marked = windows.map((w, i) => {
    const recent = windows.slice(Math.max(0, i - before), i + 1);
    return { ...w, fold: recent.some((r) => r.fold), checkpoint: recent.some((r) => r.checkpoint) };
  });
  return marked
    .filter((w) => w.lagP99Ms !== null)
    .sort((x, y) => y.lagP99Ms! - x.lagP99Ms! || x.fromS - y.fromS)
    .slice(0, count);
}

/** One line a window: "12-14 s 4820 ms fold (writes 40 + 15 ms, busy 0.98)". */
export function describeWindow(w: TimelineWindow): string {
  const marks = [w.fold ? 'fold' : '', w.checkpoint ? 'checkpoint' : ''].filter(Boolean).join('+');
  const { writes, meanWriteMs, meanKpiMs, busy } = w.writeLoop;
  const loop = writes > 0 ? ` (writes ${meanWriteMs} + ${meanKpiMs} ms, busy ${busy})` : '';
  return `${w.fromS}-${w.toS} s ${w.lagP99Ms} ms${marks ? ` ${marks}` : ''}${loop}`;
}

/** Polls `read` every `everyMs` from now until stopped (one poll at the start and one at the stop). */
export function pollTimeline(
  read: () => Promise<Omit<TimelinePoll, 'atS'>>,
  everyMs: number,
): { stop(): Promise<TimelinePoll[]> } {
  const started = Date.now();
  const polls: TimelinePoll[] = [];
  const once = async (): Promise<void> => {
    const atS = Math.round((Date.now() - started) / 100) / 10;
    // a poll that fails leaves a gap: the windows around it merge, the stream goes on
    await read().then(
      (read) => polls.push({ atS, ...read }),
      () => undefined,
    );
  };
  let running = once();
  const timer = setInterval(() => {
    running = running.then(once);
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await (running = running.then(once));
      return polls;
    },
  };
}
