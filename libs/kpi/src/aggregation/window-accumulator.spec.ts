import fc from 'fast-check';
import type { WindowFunction } from '@bsc/formula';
import type { SignalKind } from '@bsc/twin';
import { SampleAccumulator, totalOf } from './sample-accumulator';
import type { Neighbours, SignalShape } from './signal-shape';
import { WindowAccumulator } from './window-accumulator';

const S = 1_000;
type Point = [seconds: number, value: number];

interface Case {
  name: string;
  kind: SignalKind;
  holdS?: number;
  points: Point[];
  carry?: Point;
  expected: Partial<Record<WindowFunction, number | null>>;
}

/** The window [0 s, 100 s) over `points`, each 30-second bucket summarised apart and merged in time order. */
function windowOf(kind: SignalKind, holdS: number, points: Point[], carry?: Point): WindowAccumulator {
  const shape: SignalShape = { kind, maxHoldMs: holdS * S };
  const buckets = [0, 1, 2, 3].map(() => new SampleAccumulator());
  for (const [t, v] of points) buckets[Math.floor(t / 30)].add(t * S, v, 'good', shape);
  const sut = new WindowAccumulator(shape);
  for (const bucket of buckets) sut.merge(bucket, shape);
  sut.bound(0, 100 * S, carry ? carry[0] * S : -Infinity, carry ? carry[1] : 0);
  return sut;
}

describe(WindowAccumulator.name, () => {
  const cases: Case[] = [
    {
      name: 'gauge: each value holds until the next sample, the last one until the window end',
      kind: 'gauge',
      points: [
        [10, 4],
        [40, 10],
      ],
      // 4 held 10..40 s = 30 s, 10 held 40..100 s = 60 s: (4·30 + 10·60) / 90 = 720 / 90 = 8. Per sample (4 + 10) / 2 = 7.
      expected: { avg: 8, avg_samples: 7, min: 4, max: 10, sum: 14, count: 2 },
    },
    {
      name: 'gauge: the value before the window holds into it (carry-in)',
      kind: 'gauge',
      points: [
        [10, 4],
        [40, 10],
      ],
      carry: [-50, 2],
      // 2 held 0..10 s: (2·10 + 4·30 + 10·60) / 100 = 740 / 100 = 7.4; min includes the held 2.
      expected: { avg: 7.4, avg_samples: 7, min: 2, max: 10, count: 2 },
    },
    {
      name: 'gauge: a gap longer than the maximum hold is missing time',
      kind: 'gauge',
      holdS: 20,
      points: [
        [10, 4],
        [40, 10],
      ],
      carry: [-50, 2],
      // The carry-in ends at -50 + 20 = -30 s, before the window. 4 held 20 s of its 30, 10 held 20 s of its 60:
      // (4·20 + 10·20) / 40 = 280 / 40 = 7.
      expected: { avg: 7, min: 4, max: 10 },
    },
    {
      name: 'gauge: no sample in the window, the carried level is the value',
      kind: 'gauge',
      points: [],
      carry: [-5, 3],
      expected: { avg: 3, min: 3, max: 3, count: 0, sum: null },
    },
    {
      name: 'gauge: the carried level expired',
      kind: 'gauge',
      holdS: 2,
      points: [],
      carry: [-5, 3],
      expected: { avg: null, min: null },
    },
    {
      name: 'counter: increase across a reset, counted from the reading before the window',
      kind: 'counter',
      points: [
        [10, 100],
        [30, 150],
        [50, 20],
        [70, 60],
      ],
      carry: [-10, 90],
      // (100 - 90) + (150 - 100) + 20 (reset: the new reading) + (60 - 20) = 10 + 50 + 20 + 40 = 120;
      // rate = 120 / (70 - (-10)) s = 1.5 per second; per sample (100 + 150 + 20 + 60) / 4 = 82.5.
      expected: { sum: 120, delta: 120, rate: 1.5, avg_samples: 82.5, first: 100, last: 60 },
    },
    {
      name: 'counter: without an earlier reading the increase starts at the first one',
      kind: 'counter',
      points: [
        [10, 100],
        [30, 150],
        [50, 20],
        [70, 60],
      ],
      // 50 + 20 + 40 = 110 over 60 s.
      expected: { sum: 110, delta: 110, rate: 110 / 60 },
    },
    {
      name: 'amount: values add up, avg is per sample',
      kind: 'amount',
      points: [
        [10, 5],
        [20, 7],
        [90, 3],
      ],
      carry: [-10, 100],
      // 5 + 7 + 3 = 15; 15 / 3 = 5; the carry-in plays no part.
      expected: { sum: 15, avg: 5, avg_samples: 5, min: 3, max: 7, delta: -2 },
    },
  ];

  describe.each(cases)('$name', ({ kind, holdS, points, carry, expected }) => {
    it.each(Object.entries(expected))('%s', (fn, value) => {
      const result = windowOf(kind, holdS ?? Infinity, points, carry).result(fn as WindowFunction);
      if (value === null) expect(result).toBeNull();
      else expect(result).toBeCloseTo(value, 12);
    });
  });

  it('a late sample joined to its neighbours gives exactly the in-order summary', () => {
    const shape: SignalShape = { kind: 'gauge', maxHoldMs: 25 * S };
    const inOrder = new SampleAccumulator();
    for (const [t, v] of [
      [10, 4],
      [40, 10.1],
      [70, 6],
    ])
      inOrder.add(t * S, v, 'good', shape);
    const late = new SampleAccumulator();
    late.add(10 * S, 4, 'good', shape);
    late.add(70 * S, 6, 'good', shape);
    const around: Neighbours = { prevTs: 10 * S, prevValue: 4, nextTs: 70 * S, nextValue: 6 };
    late.add(40 * S, 10.1, 'good', shape, around);
    // Segments 10→40 and 40→70, each held 25 s: 4·25 + 10.1·25 = 352.5 over 50 s.
    expect([late.heldMs, late.held.value() + late.heldInt]).toEqual([50 * S, 352.5 * S]);
    expect([late.heldMs, late.held.value() + late.heldInt]).toEqual([
      inOrder.heldMs,
      inOrder.held.value() + inOrder.heldInt,
    ]);
  });

  it('a late sample between unknown neighbours enters the per-sample aggregates only', () => {
    const shape: SignalShape = { kind: 'gauge', maxHoldMs: Infinity };
    const sut = new SampleAccumulator();
    sut.add(10 * S, 4, 'good', shape);
    sut.add(70 * S, 6, 'good', shape);
    sut.add(40 * S, 10, 'good', shape);
    // Still the one segment 10→70 (4·60 s); count and sum include the late 10.
    expect([sut.heldMs, sut.heldInt, sut.count, sut.result('sum')]).toEqual([60 * S, 240 * S, 3, 20]);
  });

  describe('against a direct computation from the raw samples', () => {
    /** Distinct sample times in [0, 100 s), values mixing integers and fractions, an optional carry-in and hold. */
    const scenarioArb = fc.record({
      points: fc.uniqueArray(
        fc.tuple(
          fc.integer({ min: 0, max: 99_999 }),
          fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })),
        ),
        {
          minLength: 1,
          maxLength: 30,
          selector: ([t]) => t,
        },
      ),
      carry: fc.option(fc.tuple(fc.integer({ min: -50_000, max: -1 }), fc.integer({ min: -50, max: 50 })), {
        nil: undefined,
      }),
      holdMs: fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 40_000 })),
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: 99_999 }), { maxLength: 5 }),
      order: fc.infiniteStream(fc.nat()),
    });

    /** The definition: every value holds until the next sample, at most holdMs, inside [0, 100 000). */
    function reference(points: Array<[number, number]>, carry: [number, number] | undefined, holdMs: number): number {
      const sorted = [...(carry ? [carry] : []), ...points].sort((a, b) => a[0] - b[0]);
      let integral = 0;
      let covered = 0;
      sorted.forEach(([t, v], i) => {
        const end = Math.min(i + 1 < sorted.length ? sorted[i + 1][0] : 100_000, t + holdMs, 100_000);
        const ms = Math.max(0, end - Math.max(t, 0));
        integral += v * ms;
        covered += ms;
      });
      return integral / covered;
    }

    it('time-weighted avg over buckets merged in time order', () => {
      fc.assert(
        fc.property(scenarioArb, ({ points, carry, holdMs, cuts }) => {
          const shape: SignalShape = { kind: 'gauge', maxHoldMs: holdMs };
          const edges = [0, ...[...cuts].sort((a, b) => a - b), 100_000];
          const sut = new WindowAccumulator(shape);
          for (let b = 0; b + 1 < edges.length; b++) {
            const bucket = new SampleAccumulator();
            for (const [t, v] of [...points].sort((x, y) => x[0] - y[0]))
              if (t >= edges[b] && t < edges[b + 1]) bucket.add(t, v, 'good', shape);
            sut.merge(bucket, shape);
          }
          sut.bound(0, 100_000, carry ? carry[0] : -Infinity, carry ? carry[1] : 0);
          expect(sut.result('avg')).toBeCloseTo(reference(points, carry, holdMs), 6);
        }),
        { numRuns: 300 },
      );
    });

    it('any insertion order, each late sample joined to its neighbours, gives the in-order summary bit for bit', () => {
      fc.assert(
        fc.property(scenarioArb, ({ points, holdMs, order }) => {
          for (const kind of ['gauge', 'counter'] as const) {
            const shape: SignalShape = { kind, maxHoldMs: holdMs };
            const inOrder = new SampleAccumulator();
            for (const [t, v] of [...points].sort((x, y) => x[0] - y[0])) inOrder.add(t, v, 'good', shape);
            const pending = [...points];
            const seen: Array<[number, number]> = [];
            const sut = new SampleAccumulator();
            const picks = order[Symbol.iterator]();
            while (pending.length > 0) {
              const [t, v] = pending.splice((picks.next().value as number) % pending.length, 1)[0];
              const prev = seen.filter(([s]) => s < t).sort((x, y) => y[0] - x[0])[0];
              const next = seen.filter(([s]) => s > t).sort((x, y) => x[0] - y[0])[0];
              const around: Neighbours = {
                prevTs: prev?.[0] ?? -Infinity,
                prevValue: prev?.[1] ?? 0,
                nextTs: next?.[0] ?? Infinity,
                nextValue: next?.[1] ?? 0,
              };
              sut.add(t, v, 'good', shape, around);
              seen.push([t, v]);
            }
            const total = (a: SampleAccumulator) => [
              a.heldMs,
              totalOf(a.held, a.heldInt),
              totalOf(a.increase, a.increaseInt),
            ];
            expect(total(sut)).toEqual(total(inOrder));
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
