import { at } from './golden-samples';
import type { KpiRow } from './golden-queries';

/*
 * Hand arithmetic shared by every expectation below (June 2026: Mon 1st, 30 days, 22 working days Mon-Fri).
 *
 * Thresholds are percent of the (to-date) target: atRisk 5 %, offTarget 10 %; the default baseline is
 * 2 x offTarget away, so score = 10 x (1 - shortfall / (20 % of target)) = 10 x (1 - (1 - value/target) / 0.2)
 * for a shortfall (capped to 0..10), and 10 at or better than target. line1_speed_now has absolute thresholds
 * 5 / 20, so its score is 10 x (1 - shortfall / 40).
 *
 * line1.speed is a gauge held at most 8 h; the average weighs time. From 1 June 00:00 its samples are 90 every
 * 6 h except 60 at 5 June 06:00, which holds 8 h (to 14:00); 14:00 to 6 June 06:00 (16 h) is missing time.
 * Windows end at the newest sample (the watermark), which is always a noon or the live hour's last second.
 *
 * line1.energy is a counter read every 12 h, +25 kWh per reading, reset on 8 June 00:00 (reads 25: adds 25).
 * The step from 31 May 12:00 into 1 June 00:00 counts in June: June has one step per reading time.
 */
const TARGET = { line1: 3000, line2: 1500, plant: 4500 } as const;
const scoreOfShortfall = (value: number, target: number): number =>
  Math.max(0, Math.min(10, 10 * (1 - (1 - value / target) / 0.2)));

export interface ExpectedKpi {
  value: number | null;
  toDateTarget?: number;
  status: string;
  score: number | null;
}

export function expectKpi(row: KpiRow, want: ExpectedKpi): void {
  const near = (x: number | null): unknown => (x === null ? null : (expect.closeTo(x, 6) as unknown));
  const toDate = want.toDateTarget === undefined ? {} : { toDateTarget: near(want.toDateTarget) };
  // the whole row in one match, so a failure shows its id and every number at once
  expect(row).toMatchObject({ value: near(want.value), status: want.status, score: near(want.score), ...toDate });
}

// ---- Now: Saturday 13 June 12:00 (the API's and the second ingestion run's clock) ----------------------------
// Working days done: 1-5 and 8-12 June = 10 of 22 (a Saturday adds nothing, so the share holds all day).
const NOW_SHARE = 10 / 22;
// line1.good: 1-12 June 12 x 100 (9 June: 60 on time + 40 imported late) + the live hour's 60 x 1 = 1260.
const NOW_L1 = 12 * 100 + 60;
// line2.good: 1-13 June, 13 x 50 = 650.  plant: 1260 + 650 = 1910.
const NOW_L2 = 13 * 50;
// speed, 1 June 00:00 to 13 June 12:00 = 300 h: 16 h missing; 60 for 8 h; 30 for the live hour (11:00-12:00,
// the last second holds 0 s); 90 for 300 - 16 - 8 - 1 = 275 h. (275 x 90 + 8 x 60 + 1 x 30) / 284 = 25260 / 284.
const NOW_SPEED = (275 * 90 + 8 * 60 + 1 * 30) / 284;
// energy: readings at 1 June 00:00 ... 13 June 12:00 = 26 steps x 25 = 650 kWh, over 1260 units.
const NOW_ENERGY = (26 * 25) / NOW_L1;

export const AT_NOW: Record<string, ExpectedKpi> = {
  // to date 3000 x 10/22 = 1363.64; shortfall 103.64 (7.6 %): at risk; score 10 x (1 - 0.076/0.2) = 6.2
  line1_output: { value: NOW_L1, toDateTarget: TARGET.line1 * NOW_SHARE, status: 'at_risk', score: 6.2 },
  // 88.94 against 90 (a level: full target): shortfall 1.06 <= 4.5 on target; score 10 x (1 - (300/284)/18) = 9.413
  line1_speed_avg: { value: NOW_SPEED, toDateTarget: 90, status: 'on_target', score: 10 * (1 - 300 / 284 / 18) },
  // the last second reads 30 against 40: shortfall 10 between 5 and 20: at risk; score 10 x (1 - 10/40) = 7.5
  line1_speed_now: { value: 30, toDateTarget: 40, status: 'at_risk', score: 7.5 },
  // 650/1260 = 0.51587 against 0.5 (lower is better): excess 1/63 <= 0.025 on target; score 10 x (1 - (1/63)/0.1) = 8.4127
  line1_energy_per_unit: { value: NOW_ENERGY, toDateTarget: 0.5, status: 'on_target', score: 10 * (1 - 1 / 63 / 0.1) },
  // to date 1500 x 10/22 = 681.82; 650 is 4.67 % short (<= 5 %): on target; score 10 x (1 - 0.04667/0.2) = 7.6667
  line2_output: {
    value: NOW_L2,
    toDateTarget: TARGET.line2 * NOW_SHARE,
    status: 'on_target',
    score: scoreOfShortfall(650, 1500 * NOW_SHARE),
  },
  // to date 4500 x 10/22 = 2045.45; 1910 is 6.62 % short: at risk; score 10 x (1 - 0.06622/0.2) = 6.6889
  plant_output: {
    value: NOW_L1 + NOW_L2,
    toDateTarget: TARGET.plant * NOW_SHARE,
    status: 'at_risk',
    score: scoreOfShortfall(1910, 4500 * NOW_SHARE),
  },
};

// Roll-ups now (objective = KPI-weighted mean; unit perspective = own objectives weight 1 + children by unit
// weight, line1 2 and line2 1; unit = perspectives by weight, operations 3 and efficiency 1; 7.5 / 5 bands).
export const NOW_L1_PRODUCE = (2 * 6.2 + AT_NOW.line1_speed_avg.score! + 7.5) / 4; // (12.4 + 9.4131 + 7.5) / 4 = 7.3283: at risk
const NOW_L1_EFFICIENCY = AT_NOW.line1_energy_per_unit.score!; // 8.4127
export const NOW_L1_UNIT = (3 * NOW_L1_PRODUCE + NOW_L1_EFFICIENCY) / 4; // (21.9849 + 8.4127) / 4 = 7.5994: on target
export const NOW_L2_UNIT = AT_NOW.line2_output.score!; // 7.6667 (no efficiency objective: that perspective is left out)
export const NOW_PLANT_OPS = (AT_NOW.plant_output.score! + 2 * NOW_L1_PRODUCE + 1 * NOW_L2_UNIT) / 4; // (6.6889 + 14.6566 + 7.6667) / 4 = 7.2530
export const NOW_PLANT_EFFICIENCY = NOW_L1_EFFICIENCY; // only line 1 has one
export const NOW_PLANT = (3 * NOW_PLANT_OPS + NOW_PLANT_EFFICIENCY) / 4; // (21.7591 + 8.4127) / 4 = 7.5430: on target

// ---- 10 June 13:00 (Wednesday): the first run had delivered up to 10 June 12:00 --------------------------------
// Working days done: 1-5, 8, 9 June = 7, plus 13 of 10 June's 24 h: share (7 + 13/24) / 22 = 181/528.
export const T1 = at(6, 10, 13);
const T1_SHARE = (7 + 13 / 24) / 22;
// as known then: line1 1-10 June = 8 x 100 + 60 (9 June, the 40 not known yet) + 100 = 960; known later: 1000.
// energy: readings 1 June 00:00 ... 10 June 12:00 = 20 steps x 25 = 500.
// speed: 1 June 00:00 to 10 June 12:00 = 228 h: 16 missing, 60 for 8 h, 90 for 204 h: (204 x 90 + 480) / 212.
const T1_SPEED = (204 * 90 + 8 * 60) / 212;
export const t1Kpis = (line1: number): Record<string, ExpectedKpi> => ({
  // 960: 6.65 % short of 3000 x 181/528 = 1028.41: at risk, score 6.674; 1000: 2.76 % short: on target, 8.619
  line1_output: {
    value: line1,
    toDateTarget: TARGET.line1 * T1_SHARE,
    status: line1 === 960 ? 'at_risk' : 'on_target',
    score: scoreOfShortfall(line1, TARGET.line1 * T1_SHARE),
  },
  // 88.87 against 90: on target; score 10 x (1 - (240/212)/18) = 9.3711
  line1_speed_avg: { value: T1_SPEED, toDateTarget: 90, status: 'on_target', score: 10 * (1 - 240 / 212 / 18) },
  line1_speed_now: { value: 90, toDateTarget: 40, status: 'on_target', score: 10 },
  // 500/960 = 0.52083: excess 0.02083 <= 0.025 on target, score 10 x (1 - 0.2083) = 7.9167; 500/1000 = 0.5: 10
  line1_energy_per_unit: {
    value: 500 / line1,
    toDateTarget: 0.5,
    status: 'on_target',
    score: line1 === 960 ? 10 * (1 - (500 / 960 - 0.5) / 0.1) : 10,
  },
  // line2 1-10 June = 500 against 1500 x 181/528 = 514.20: 2.76 % short: on target
  line2_output: {
    value: 500,
    toDateTarget: TARGET.line2 * T1_SHARE,
    status: 'on_target',
    score: scoreOfShortfall(500, TARGET.line2 * T1_SHARE),
  },
  // plant 960 + 500 = 1460 (5.35 % short of 1542.61: at risk) or 1000 + 500 = 1500 (2.76 % short: on target)
  plant_output: {
    value: line1 + 500,
    toDateTarget: TARGET.plant * T1_SHARE,
    status: line1 === 960 ? 'at_risk' : 'on_target',
    score: scoreOfShortfall(line1 + 500, TARGET.plant * T1_SHARE),
  },
});

// ---- 6 June 13:00 (Saturday), just after the gap ------------------------------------------------------------
// Working days done: 1-5 June = 5 of 22. Newest samples at 12:00.
export const T2 = at(6, 6, 13);
const T2_SHARE = 5 / 22;
// line1 6 x 100 = 600 against 681.82: 12 % short: off target; score 10 x (1 - 0.12/0.2) = 4. line2 6 x 50 = 300
// and plant 900: also 12 % short, score 4.
// speed: 1 June 00:00 to 6 June 12:00 = 132 h: 16 missing, 60 for 8 h, 90 for 108 h: (108 x 90 + 480) / 116.
// energy: readings 1 June 00:00 ... 6 June 12:00 = 12 steps x 25 = 300 over 600 units = 0.5.
const T2_SPEED = (108 * 90 + 8 * 60) / 116;
export const AT_T2: Record<string, ExpectedKpi> = {
  line1_output: { value: 600, toDateTarget: TARGET.line1 * T2_SHARE, status: 'off_target', score: 4 },
  // 87.93 against 90: on target; score 10 x (1 - (240/116)/18) = 8.8506
  line1_speed_avg: { value: T2_SPEED, toDateTarget: 90, status: 'on_target', score: 10 * (1 - 240 / 116 / 18) },
  line1_speed_now: { value: 90, toDateTarget: 40, status: 'on_target', score: 10 },
  line1_energy_per_unit: { value: 0.5, toDateTarget: 0.5, status: 'on_target', score: 10 },
  line2_output: { value: 300, toDateTarget: TARGET.line2 * T2_SHARE, status: 'off_target', score: 4 },
  plant_output: { value: 900, toDateTarget: TARGET.plant * T2_SHARE, status: 'off_target', score: 4 },
};
export const T2_L1_PRODUCE = (2 * 4 + AT_T2.line1_speed_avg.score! + 10) / 4; // (8 + 8.8506 + 10) / 4 = 6.7126: at risk
export const T2_L1_UNIT = (3 * T2_L1_PRODUCE + 10) / 4; // (20.1379 + 10) / 4 = 7.5345: on target
export const T2_PLANT_OPS = (4 + 2 * T2_L1_PRODUCE + 4) / 4; // (4 + 13.4253 + 4) / 4 = 5.3563: at risk
export const T2_PLANT = (3 * T2_PLANT_OPS + 10) / 4; // (16.0690 + 10) / 4 = 6.5172: at risk
