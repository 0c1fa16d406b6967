import { kpiPartitions, samplePartition } from './kpi-partitions';
import { TwinGraph } from './twin-graph';
import type { TwinEdge, TwinNode } from './twin-graph.types';

const node = (id: string, kind: 'signal' | 'kpi'): TwinNode => ({ id, kind, name: id, def: {} }) as TwinNode;
const reads = (kpi: string, input: string): TwinEdge => ({
  from: kpi,
  to: input,
  type: 'computed_from',
  derived: true,
});

/** k1 reads a and b, k2 reads k1; k3 reads s3; k9 reads nothing; lonely feeds no KPI. */
const graph = (extraSignals: string[] = [], extraEdges: TwinEdge[] = []): TwinGraph =>
  new TwinGraph(
    [
      ...['a', 'b', 's3', 'lonely', ...extraSignals].map((id) => node(id, 'signal')),
      ...['k1', 'k2', 'k3', 'k9'].map((id) => node(id, 'kpi')),
    ],
    [reads('k1', 'a'), reads('k1', 'b'), reads('k2', 'k1'), reads('k3', 's3'), ...extraEdges],
  );

describe(kpiPartitions.name, () => {
  it('puts every signal and KPI of one dependency group in the same partition', () => {
    const sut = kpiPartitions(graph(), 16);

    const group = ['a', 'b'].map((s) => sut.signal.get(s)).concat(['k1', 'k2'].map((k) => sut.kpi.get(k)));
    expect(new Set(group).size).toBe(1);
    expect(sut.kpi.get('k3')).toBe(sut.signal.get('s3'));
    expect(sut.signal.has('lonely')).toBe(true);
    expect(sut.kpi.has('k9')).toBe(true);
  });

  it("places a group by the FNV-1a hash of its smallest signal id (FNV-1a('a') = 0xe40c292c)", () => {
    // 0xe40c292c = 3,826,002,220 = 16 × 239,125,138 + 12
    expect(kpiPartitions(graph(), 16).signal.get('b')).toBe(12);
    // 3,826,002,220 = 4 × 956,500,555 + 0
    expect(kpiPartitions(graph(), 4).kpi.get('k2')).toBe(0);
  });

  it('keeps a group where it was when the next model version adds a signal with a larger id', () => {
    const before = kpiPartitions(graph(), 16);
    const after = kpiPartitions(graph(['c'], [reads('k2', 'c')]), 16);

    expect(after.kpi.get('k2')).toBe(before.kpi.get('k2'));
    expect(after.signal.get('c')).toBe(before.signal.get('a'));
    expect(after.kpi.get('k3')).toBe(before.kpi.get('k3'));
  });

  it('merges two groups into one partition when a KPI starts reading both', () => {
    const sut = kpiPartitions(graph([], [reads('k3', 'k1')]), 16);

    expect(sut.signal.get('s3')).toBe(sut.signal.get('a'));
    expect(sut.kpi.get('k3')).toBe(12);
  });

  it('refuses a partition count that is not a positive integer', () => {
    expect(() => kpiPartitions(graph(), 0)).toThrow(RangeError);
    expect(() => kpiPartitions(graph(), 1.5)).toThrow(RangeError);
  });
});

describe(samplePartition.name, () => {
  it("appends a sample to its group's partition, one of a signal the model no longer knows to partition 0", () => {
    const partitioning = kpiPartitions(graph(), 16);
    // b's group is placed by FNV-1a('a') = 0xe40c292c ≡ 12 (mod 16), as above
    expect(samplePartition(partitioning, 'b')).toBe(12);
    expect(samplePartition(partitioning, 'gone')).toBe(0);
  });
});
