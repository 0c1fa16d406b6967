import type { SampleHistory } from '../kpi/kpi-engine.port';

/** The stored history of one partition: only its signals' samples are replayed and carried in. */
export function partitionHistory(samples: SampleHistory, signals: readonly string[]): SampleHistory {
  const own = new Set(signals);
  return {
    replay: (options) => samples.replay({ ...options, signalIds: signals }),
    newestReceived: (source) => samples.newestReceived(source),
    // the whole log's newest: the horizon is the same for every partition
    newestTs: () => samples.newestTs(),
    oldestReceivedAfter: (after, options) => samples.oldestReceivedAfter(after, options),
    carriedIn: (ids, before, receivedBy) =>
      samples.carriedIn(
        ids.filter((id) => own.has(id)),
        before,
        receivedBy,
      ),
  };
}
