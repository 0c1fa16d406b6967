import type { AnomalyRepository } from '../anomaly.repository';
import type { AnomalyQuery, AnomalyRecord } from '../anomaly.types';

const H = 3_600_000;
export const ANOMALY_T0 = Date.UTC(2026, 10, 23);

export function anAnomaly(overrides: Partial<AnomalyRecord> = {}): AnomalyRecord {
  return {
    kind: 'signal',
    kpiId: 'oee',
    signalId: 'line2.oven.temp',
    unitId: 'line-2',
    ts: ANOMALY_T0,
    score: 0.5,
    value: 231.5,
    expected: null,
    lower: null,
    upper: null,
    periodKey: null,
    detectedAt: ANOMALY_T0 + 1_000,
    ...overrides,
  };
}

/**
 * Four findings over three hours and two units; `interval` is the KPI's own kind (no signal); `ovenLater` was found
 * in planned downtime (the flag comes back; the others read back without it).
 */
export const STORED = {
  oven: anAnomaly(),
  ovenLater: anAnomaly({ ts: ANOMALY_T0 + 2 * H, score: 0.7, value: 240, planned: true }),
  interval: anAnomaly({
    kind: 'kpi_interval',
    signalId: null,
    ts: ANOMALY_T0 + H,
    score: 0.4,
    value: 0.61,
    expected: 0.8,
    lower: 0.7,
    upper: 0.9,
    periodKey: '2026-11',
  }),
  otherUnit: anAnomaly({ kpiId: 'scrap-rate', signalId: 'line3.scrap', unitId: 'line-3', ts: ANOMALY_T0 + H }),
};

/** The same cases on SQLite (unit spec) and PostgreSQL (integration spec). */
export async function checkAnomalyRepository(sut: AnomalyRepository): Promise<void> {
  const all = [STORED.oven, STORED.ovenLater, STORED.interval, STORED.otherUnit];
  expect(await sut.record(all)).toBe(4);
  // a replay stores nothing new, even with another score: the first finding stands
  expect(await sut.record([{ ...STORED.oven, score: 0.9, detectedAt: ANOMALY_T0 + 9 * H }, STORED.interval])).toBe(0);

  const day = { from: ANOMALY_T0, to: ANOMALY_T0 + 24 * H };
  // newest first; ties (1 h) by KPI id: oee before scrap-rate
  expect(await sut.list(day)).toEqual([STORED.ovenLater, STORED.interval, STORED.otherUnit, STORED.oven]);
  // `to` is exclusive, `from` inclusive
  expect(await sut.list({ from: ANOMALY_T0 + H, to: ANOMALY_T0 + 2 * H })).toEqual([STORED.interval, STORED.otherUnit]);
  expect(await sut.list({ ...day, unitIds: ['line-3'] })).toEqual([STORED.otherUnit]);
  expect(await sut.list({ ...day, unitIds: [] })).toEqual([]);
  expect(await sut.list({ ...day, kpiIds: ['oee'], minScore: 0.5 })).toEqual([STORED.ovenLater, STORED.oven]);
  expect(await sut.list({ ...day, signalIds: ['line2.oven.temp'], limit: 1 })).toEqual([STORED.ovenLater]);
  expect(await sut.list({ ...day, kpiIds: ['oee'], kinds: ['kpi_interval'] })).toEqual([STORED.interval]);
  expect(await sut.list({ ...day, kinds: [] })).toEqual([]);

  // retention: everything before 1 h goes (only the first oven finding)
  expect(await sut.deleteBefore(ANOMALY_T0 + H)).toBe(1);
  expect(await sut.list(day)).toEqual([STORED.ovenLater, STORED.interval, STORED.otherUnit]);
}

/**
 * When each (KPI, unit, minScore) last had a finding, by detection time, on both databases. Stored (oee, line-2
 * unless said; seconds after the hour of detection):
 *   0.5 signal  found 0 h + 1 s
 *   0.9 signal  found 1 h + 2 s
 *   0.6 interval found 2 h + 5 s (value at 2 h)
 *   0.7 change point found 2 h + 30 s, its new level starting a day before 0 h: the oldest time, the newest finding
 *   0.95 signal found 3 h, planned: no rule counts it
 *   0.9 signal in line-3 found 4 h
 */
export async function checkNewestDetected(sut: AnomalyRepository): Promise<void> {
  const S = 1_000;
  await sut.record([
    anAnomaly(),
    anAnomaly({ ts: ANOMALY_T0 + H, score: 0.9, detectedAt: ANOMALY_T0 + H + 2 * S }),
    anAnomaly({
      kind: 'kpi_interval',
      signalId: null,
      ts: ANOMALY_T0 + 2 * H,
      score: 0.6,
      detectedAt: ANOMALY_T0 + 2 * H + 5 * S,
    }),
    anAnomaly({
      kind: 'kpi_change_point',
      signalId: null,
      ts: ANOMALY_T0 - 24 * H,
      score: 0.7,
      detectedAt: ANOMALY_T0 + 2 * H + 30 * S,
    }),
    anAnomaly({ ts: ANOMALY_T0 + 3 * H, score: 0.95, detectedAt: ANOMALY_T0 + 3 * H, planned: true }),
    anAnomaly({ unitId: 'line-3', ts: ANOMALY_T0 + 4 * H, score: 0.9, detectedAt: ANOMALY_T0 + 4 * H }),
  ]);
  const oee = (minScore: number) => ({ kpiId: 'oee', unitId: 'line-2', minScore });

  expect(
    await sut.newestDetectedAt([
      oee(0.5), // the change point: found last, though its time is the oldest
      oee(0.8), // the 0.9 signal: 0.6 and 0.7 score below, the 0.95 one is planned, the 4 h one in line-3
      oee(0.9), // the same: a score equal to minScore counts
      { kpiId: 'oee', unitId: 'line-3', minScore: 0.5 },
      oee(0.96), // nothing scores that high
      { kpiId: 'scrap-rate', unitId: 'line-2', minScore: 0.5 },
    ]),
  ).toEqual([
    ANOMALY_T0 + 2 * H + 30 * S,
    ANOMALY_T0 + H + 2 * S,
    ANOMALY_T0 + H + 2 * S,
    ANOMALY_T0 + 4 * H,
    null,
    null,
  ]);
  expect(await sut.newestDetectedAt([])).toEqual([]);
  // more than one statement's worth, each answer in its place: 0.5 and 0.8 alternating
  const many = Array.from({ length: 1_001 }, (_, i) => oee(i % 2 === 0 ? 0.5 : 0.8));
  const answers = await sut.newestDetectedAt(many);
  expect(answers).toHaveLength(1_001);
  expect(new Set(answers.filter((_, i) => i % 2 === 0))).toEqual(new Set([ANOMALY_T0 + 2 * H + 30 * S]));
  expect(new Set(answers.filter((_, i) => i % 2 === 1))).toEqual(new Set([ANOMALY_T0 + H + 2 * S]));

  // the same findings detected after a bound (strictly), oldest detection first
  const since = await sut.countedSince([
    // ≥ 0.6 after 1 h 2 s: the interval (2 h 5 s) and the change point (2 h 30 s); the 0.9 one at 1 h 2 s is not after
    { ...oee(0.6), detectedAfter: ANOMALY_T0 + H + 2 * S },
    // ≥ 0.5 after 1 h: the 0.9 one too; never the planned 0.95 one
    { ...oee(0.5), detectedAfter: ANOMALY_T0 + H },
    // line-3's finding was detected at 4 h itself
    { kpiId: 'oee', unitId: 'line-3', minScore: 0.5, detectedAfter: ANOMALY_T0 + 4 * H },
  ]);
  expect(since.map((found) => found.map((a) => [a.kind, a.detectedAt]))).toEqual([
    [
      ['kpi_interval', ANOMALY_T0 + 2 * H + 5 * S],
      ['kpi_change_point', ANOMALY_T0 + 2 * H + 30 * S],
    ],
    [
      ['signal', ANOMALY_T0 + H + 2 * S],
      ['kpi_interval', ANOMALY_T0 + 2 * H + 5 * S],
      ['kpi_change_point', ANOMALY_T0 + 2 * H + 30 * S],
    ],
    [],
  ]);
  expect(await sut.countedSince([])).toEqual([]);
}

/**
 * Seven findings, four of them at one time, built so every key column breaks a tie once. The list's order by hand
 * (ts DESC, then KPI, kind, signal ascending):
 *   2 h: oee/kpi_interval (kind k < s), oee/signal line2.oven.temp, oee/signal line2.press (o < p), scrap-rate/signal
 *   1 h: oee/kpi_change_point, oee/kpi_interval (c < i)
 *   0 h: oee/signal line2.oven.temp
 */
export const PAGED = [
  anAnomaly({ kind: 'kpi_interval', signalId: null, ts: ANOMALY_T0 + 2 * H }),
  anAnomaly({ ts: ANOMALY_T0 + 2 * H }),
  anAnomaly({ signalId: 'line2.press', ts: ANOMALY_T0 + 2 * H }),
  anAnomaly({ kpiId: 'scrap-rate', signalId: 'line3.scrap', unitId: 'line-3', ts: ANOMALY_T0 + 2 * H }),
  anAnomaly({ kind: 'kpi_change_point', signalId: null, ts: ANOMALY_T0 + H }),
  anAnomaly({ kind: 'kpi_interval', signalId: null, ts: ANOMALY_T0 + H }),
  anAnomaly({ ts: ANOMALY_T0 }),
];

/** Pages of `size`, each starting after the last one of the page before, until a short page. */
export async function pageThrough(
  sut: AnomalyRepository,
  query: AnomalyQuery,
  size: number,
): Promise<AnomalyRecord[][]> {
  const pages: AnomalyRecord[][] = [];
  let after: AnomalyRecord | undefined;
  for (;;) {
    const page = await sut.list({ ...query, after, limit: size });
    if (page.length > 0) pages.push(page);
    if (page.length < size) return pages;
    after = page[page.length - 1];
  }
}

/** Keyset paging on both databases: every finding exactly once, in order, whatever the ties. */
export async function checkAnomalyPaging(sut: AnomalyRepository): Promise<void> {
  // stored in reverse, so an insertion order that happened to match would not pass for the ordering
  expect(await sut.record([...PAGED].reverse())).toBe(7);
  const [c, a, b, d, e, f, g] = PAGED;
  const day = { from: ANOMALY_T0, to: ANOMALY_T0 + 24 * H };

  expect(await pageThrough(sut, day, 3)).toEqual([[c, a, b], [d, e, f], [g]]);
  expect(await sut.count(day)).toBe(7);
  // filters hold on every page: scrap-rate (the only other KPI) is left out, the rest pages on
  expect(await pageThrough(sut, { ...day, kpiIds: ['oee'] }, 3)).toEqual([
    [c, a, b],
    [e, f, g],
  ]);
  expect(await sut.count({ ...day, kpiIds: ['oee'] })).toBe(6);
  // the range too: from 1 h, after the last 2 h finding, only the two 1 h ones are left
  expect(await sut.list({ from: ANOMALY_T0 + H, to: day.to, after: d })).toEqual([e, f]);
  expect(await sut.list({ ...day, after: g })).toEqual([]);
}
