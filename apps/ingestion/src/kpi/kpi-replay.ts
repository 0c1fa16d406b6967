import type { KpiValue } from '@bsc/common';
import type { ReplayHorizon } from '@bsc/kpi';
import type { KpiEnginePort, SampleHistory } from './kpi-engine.port';

export interface KpiReplayOptions {
  /** Only samples received by then (what published revisions already reflect); all stored samples without it. */
  receivedBy?: number;
  /** Read back at least to this sample time (a late sample whose periods must be recomputed). */
  lateFrom?: number;
  /** Wall clock: a newest sample time beyond it (a bad clock) does not move the horizon into the future. */
  now: number;
  /** Read everything (the baseline the bounded replay is measured against). */
  full?: boolean;
  /** Each page once it is in the engine (the pipeline remembers the stored keys). */
  onPage?(page: readonly { signalId: string; ts: number }[]): void;
}

export interface KpiReplayResult {
  /** What was read; undefined when everything was. */
  horizon: ReplayHorizon | undefined;
  samples: number;
  /** The newest value of every (KPI, period) the replay evaluated. */
  values: KpiValue[];
}

/**
 * Rebuilds KPI state from stored samples. Only the history the open periods need is read (see ReplayHorizon):
 * per signal its newest and newest usable sample before the horizon, then every sample from there in time order.
 * Older history would only feed periods that are already published and closed, so a start does not grow with it.
 */
export async function replayStoredSamples(
  engine: KpiEnginePort,
  history: SampleHistory,
  options: KpiReplayOptions,
): Promise<KpiReplayResult> {
  const { receivedBy } = options;
  let horizon: ReplayHorizon | undefined;
  if (!options.full) {
    const newest = await history.newestTs();
    if (newest !== null) horizon = engine.replayHorizon(Math.min(newest, options.now), options.lateFrom);
  }
  const latest = new Map<string, KpiValue>();
  const feed = (page: Parameters<KpiEnginePort['replay']>[0]): void => {
    for (const v of engine.replay(page)) latest.set(`${v.kpiId}\u0000${v.periodKey}`, v);
    options.onPage?.(page);
  };
  let samples = 0;
  if (horizon) {
    engine.limitTo(horizon);
    const carried = await history.carriedIn([...horizon.signals.keys()], horizon.from, receivedBy);
    feed(carried);
    samples += carried.length;
  }
  for await (const page of history.replay({ receivedBy, from: horizon?.from })) {
    feed(page);
    samples += page.length;
  }
  return { horizon, samples, values: [...latest.values()] };
}

/**
 * The replay of a rebuild for a late sample: everything stored from that sample's periods on (the sample included),
 * with the values of those periods onwards, and which of the batches held meanwhile it did not read.
 */
export async function replayFromLate(
  engine: KpiEnginePort,
  history: SampleHistory,
  oldest: number,
  held: readonly (readonly { signalId: string; ts: number }[])[],
  options: Pick<KpiReplayOptions, 'now' | 'full' | 'onPage'>,
): Promise<KpiReplayResult & { unread: (s: { signalId: string; ts: number }) => boolean }> {
  const key = (s: { signalId: string; ts: number }) => `${s.signalId}\u0000${s.ts}`;
  const heldKeys = new Set(held.flat().map(key));
  const replayed = await replayStoredSamples(engine, history, {
    ...options,
    lateFrom: oldest,
    onPage: (page) => {
      options.onPage?.(page);
      for (const s of page) heldKeys.delete(key(s));
    },
  });
  return {
    ...replayed,
    values: replayed.values.filter((v) => v.periodEnd > oldest),
    unread: (s) => heldKeys.has(key(s)),
  };
}
