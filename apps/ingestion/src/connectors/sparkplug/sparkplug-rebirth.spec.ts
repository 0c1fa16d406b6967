import type { RawSampleInput, SignalSample } from '@bsc/common';
import { KpiEngine } from '@bsc/kpi';
import { TwinModelBuilder } from '@bsc/twin';
import { SparkplugSessions } from './sparkplug-session';
import { EdgeNode, T0 } from './testing/sparkplug-fakes';

/** top = max(line1.speed, period), the node metric Speed of acme/node1; monthly. */
const model = TwinModelBuilder.line('twin', 'Twin')
  .signal({ id: 'line1.speed', source: { sparkplug: { group: 'acme', edgeNode: 'node1', metric: 'Speed' } } })
  .kpi('top', 'max(line1.speed, period)')
  .objective('watch', 'plant', 'internal_process')
  .buildValid();

const S = 1_000;
/** A sample as the pipeline stores it: one without a value as NaN. */
const asStored = (s: RawSampleInput): SignalSample => ({
  ...s,
  value: s.value === null ? Number.NaN : Number(s.value),
  quality: s.quality ?? 'good',
});

// Sparkplug 3.0 has the host date an NDEATH's stale marks by its own clock, and a birth's metrics carry the edge
// node's. The edge clock runs 30 s behind the host's (T0 is 12:00:00 by the host). NBIRTH (bdSeq 0) at edge
// 11:58:30 with Speed 10; the NDEATH is heard at host 12:00:00: Speed is restated 10, bad, at 12:00:00. The node
// comes back: NBIRTH (bdSeq 1) stamped 11:59:40 by the edge with Speed 12. That birth is Speed's current value, so
// it must be the signal's newest sample: it goes 1 ms after the restatement, 12:00:00.001, good. The stored samples
// then end bad 12:00:00, good 12:00:00.001, and top = max(10, 12) = 12, not stale (a bad sample is not read).
// Dated 11:59:40, the birth sat under the restatement and Speed stayed stale until edge data passed 12:00:00.
// NDATA stamped 11:59:45 by the edge with Speed 11 keeps its time (a late sample under the birth): top = max(10, 12,
// 11) = 12, still not stale.
describe(`${SparkplugSessions.name} rebirth after a death`, () => {
  it('ends the staleness at the birth when the edge clock runs behind the host', () => {
    const sut = new SparkplugSessions(model);
    const edge = new EdgeNode();
    const speed = (value: number) => [{ name: 'Speed', type: 'Double' as const, value }];
    const stored: RawSampleInput[] = [];
    const take = (out: { samples: RawSampleInput[] }) => stored.push(...out.samples);

    take(sut.handle(...edge.msg('NBIRTH', speed(10), { bdSeq: 0, timestamp: T0 - 90 * S }), T0 - 60 * S));
    take(sut.handle(...edge.msg('NDEATH', [], { bdSeq: 0, timestamp: T0 - 90 * S }), T0));
    take(sut.handle(...edge.msg('NBIRTH', speed(12), { bdSeq: 1, timestamp: T0 - 20 * S }), T0 + 10 * S));

    expect(stored).toEqual([
      { signalId: 'line1.speed', ts: T0 - 90 * S, value: 10, quality: undefined, source: 'sparkplug' },
      { signalId: 'line1.speed', ts: T0, value: 10, quality: 'bad', source: 'sparkplug' },
      { signalId: 'line1.speed', ts: T0 + 1, value: 12, quality: undefined, source: 'sparkplug' },
    ]);
    const engine = new KpiEngine(model);
    engine.ingest(stored.map(asStored));
    expect(engine.valueOf('top', '2026-11')).toMatchObject({ value: 12, quality: { stale: false } });

    const data = sut.handle(...edge.msg('NDATA', speed(11), { timestamp: T0 - 15 * S }), T0 + 15 * S);
    expect(data.samples).toEqual([
      { signalId: 'line1.speed', ts: T0 - 15 * S, value: 11, quality: undefined, source: 'sparkplug' },
    ]);
    engine.ingest(data.samples.map(asStored));
    expect(engine.valueOf('top', '2026-11')).toMatchObject({ value: 12, quality: { stale: false } });
  });
});
