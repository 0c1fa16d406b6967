import { join } from 'node:path';
import type { TwinModel } from '@bsc/twin';
import { loadValidModelFromFile } from '@bsc/twin';
import { LINE_SPECS, type LineId } from '../simulator/plant/line-spec';
import { PlantIncidents } from '../simulator/plant/plant-incidents';
import { incidentStarts, lineCounts, MIN, play, SEC, SEED } from './testing/demo-incident-play';

/*
 * The first scrap burst of each line in the demo (seed 42): the line's scrap share rises from about 1-2 % by 7-9
 * points while its per-second scrap count stays mostly 0 or 1. Each is played from 15 minutes before it (the
 * detectors start empty). Only the scrap count's Poisson rate test can see such a burst: at 1 in 10^5 odds (score
 * 0.5) it needs about 14 nats of evidence, some 50 s of a sevenfold rate on line 1 and longer on line 3, whose rise is
 * smaller in counts. The issue asks for a minute; line 1 makes 67 s, line 3 163 s (seed 42), and the first minutes
 * of these bursts hold too little evidence for a test that cannot know when they start (below). Line 2 is stopped
 * when its burst starts: there is no scrap to count.
 */
const SCRAP_BURSTS: Array<{ line: LineId; at: number }> = [
  { line: 'line1', at: Date.parse('2026-11-16T06:45:51Z') },
  { line: 'line3', at: Date.parse('2026-11-19T15:56:29Z') },
];
const STOPPED_BURST: { line: LineId; at: number } = { line: 'line2', at: Date.parse('2026-11-17T06:41:34Z') };
const BEFORE = 15 * MIN;

describe('anomaly alerts on the demo scrap bursts', () => {
  let model: TwinModel;
  beforeAll(async () => {
    model = await loadValidModelFromFile(join(__dirname, '../../../../models/demo/acme-manufacturing.yaml'));
  });

  it.each(SCRAP_BURSTS)('alerts on the scrap count of $line within 5 minutes of its burst', ({ line, at }) => {
    expect(incidentStarts(at - BEFORE, at + SEC)).toContainEqual({ line, kind: 'burst', at });
    const played = play(model, at - BEFORE, at + 10 * MIN);
    const first = played.alerting.find((a) => a.at >= at && a.signalId === `${line}.scrap_count`);
    expect(first).toBeDefined();
    expect((first?.at ?? Infinity) - at).toBeLessThanOrEqual(5 * MIN);
  });

  /*
   * Why not within a minute: the first minute of each burst holds too little evidence. All a line says about its
   * scrap is in its scrap count: good count, quality and the scrap-rate KPIs are functions of the same units (good +
   * scrap follows speed to within one unit), so adding their evidence to the count's would count it twice. Against
   * the simulator's true base share (1.1 %, 2 %) over the minute's units:
   * - line 1, 13 scrap of 200 units (2.2 expected): the rate CUSUM's best ratio, k = 8, has 13 ln 8 − 7 × 2.2 =
   *   11.63 nats, short of the ln(16 × 10^5) = 14.29 a score of 0.5 needs after the detector's 4 × 4 tests; even a
   *   single uncorrected test (ln 10^5 = 11.51) would only just clear it. Knowing the start, a fixed-window test
   *   would see P(X ≥ 13 | 200, 1.1 %) = 4.5e-7, but no detector knows when a burst starts.
   * - line 3, 8 scrap of 144 units (2.88 expected): best ratio k = 2, 8 ln 2 − 2.88 = 2.67 nats; even the
   *   fixed-window test that knows the start sees P(X ≥ 8 | 144, 2 %) = 8.8e-3, two decades where five are needed.
   */
  it.each([
    { line: 'line1' as const, scrap: 13, units: 200, base: 0.011, nats: 11.63, decades: 6.35 },
    { line: 'line3' as const, scrap: 8, units: 144, base: 0.02, nats: 2.67, decades: 2.06 },
  ])('has too little evidence in the first minute of the burst on $line', (c) => {
    const at = SCRAP_BURSTS.find((b) => b.line === c.line)?.at ?? NaN;
    const counts = lineCounts(c.line, at - BEFORE, at - SEC, at + MIN - SEC);
    expect(counts).toEqual({ scrap: c.scrap, units: c.units });
    const expected = counts.units * c.base;
    const cusum = Math.max(...[2, 4, 8].map((k) => counts.scrap * Math.log(k) - (k - 1) * expected));
    expect(cusum).toBeCloseTo(c.nats, 2);
    expect(cusum).toBeLessThan(Math.log(16e5));
    expect(-Math.log10(binomialUpperTail(counts.scrap, counts.units, c.base))).toBeCloseTo(c.decades, 2);
  });

  it('has no scrap to count on line 2, stopped through the first minutes of its burst', () => {
    const { line, at } = STOPPED_BURST;
    expect(incidentStarts(at - BEFORE, at + SEC)).toContainEqual({ line, kind: 'burst', at });
    const incidents = new PlantIncidents(SEED);
    for (let ts = at; ts < at + 2 * MIN; ts += SEC) expect(incidents.isStopped(LINE_SPECS[line], ts)).toBe(true);
  });
});

/** P(X ≥ x) for X ~ Binomial(n, p), summing the probabilities from P(X = 0) by their ratio. */
function binomialUpperTail(x: number, n: number, p: number): number {
  let term = Math.pow(1 - p, n);
  let below = 0;
  for (let k = 0; k < x; k++) {
    below += term;
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return 1 - below;
}
