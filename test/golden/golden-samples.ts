/**
 * The golden scenario's samples, written as rules so that every one can be counted by hand (golden-scenario.ts does,
 * in its first test; golden-expectations.ts works the KPI values out from them). Deliberately uneven: sparse history
 * (every 6 h, 12 h or daily) next to one dense hour of live data (every second), a 24 h gap in the speed gauge (longer
 * than its maxHold of 8 h), a counter reset, a late correction and a duplicate. Three deliveries, each by a process
 * with its own clock:
 * - PHASE_1, received on Wed 10 June 2026 just after 12:00 (HTTP intake): the history from 1 May to 10 June 12:00;
 * - CLI_IMPORT, on Fri 12 June 09:00 (`bsc import samples`, no ingestion running): the late correction of 9 June;
 * - PHASE_2, received on Sat 13 June 2026 just after 12:00 (HTTP intake): the rest up to 12:00 and a re-sent
 *   sample of 10 June.
 */
export interface GoldenSample {
  signal: string;
  ts: string;
  value: number;
}

const HOUR = 3_600_000;
export const at = (month: number, day: number, hour = 0, minute = 0, second = 0): number =>
  Date.UTC(2026, month - 1, day, hour, minute, second);
export const iso = (ms: number): string => new Date(ms).toISOString();

/** Clock of the first ingestion run (Wednesday). */
export const PHASE_1_CLOCK = at(6, 10, 12);
/** Clock of the CSV import of the late correction (Friday). */
export const CLI_IMPORT_CLOCK = at(6, 12, 9);
/** Clock of the second ingestion run: "now" in the scenario (Saturday). */
export const NOW = at(6, 13, 12);
/**
 * Clock of the API, started after both ingestion runs: a little later than theirs, so what they received "just
 * after 12:00" is known to it. Still Saturday: the to-date targets are those of 12:00.
 */
export const API_CLOCK = NOW + 10 * 60_000;

const HISTORY_START = at(5, 1);
/** The meter was replaced at this reading time: it restarts from 0 (and reads 25 there). */
const METER_RESET = at(6, 8);

function every(stepMs: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t += stepMs) out.push(t);
  return out;
}

/** line1.speed (gauge): 90 every 6 h; a dip to 60 on 5 June 06:00, then nothing for 24 h (the gap). */
function speedHistory(): Array<[number, number]> {
  const gap = new Set([at(6, 5, 12), at(6, 5, 18), at(6, 6, 0)]);
  return every(6 * HOUR, HISTORY_START, at(6, 13, 6))
    .filter((t) => !gap.has(t))
    .map((t) => [t, t === at(6, 5, 6) ? 60 : 90]);
}

/** line1.energy (counter): read every 12 h, +25 kWh per reading; 1000 on 1 May; reset on 8 June (reads 25). */
function meterReadings(): Array<[number, number]> {
  return every(12 * HOUR, HISTORY_START, NOW).map((t) => {
    const sinceStart = Math.round((t - HISTORY_START) / (12 * HOUR));
    const sinceReset = Math.round((t - METER_RESET) / (12 * HOUR));
    return [t, t < METER_RESET ? 1000 + 25 * sinceStart : 25 * (sinceReset + 1)];
  });
}

/** line1.good (amount): 100 units a day at noon up to 12 June; on 9 June only 60 arrived in time. */
function line1Daily(): Array<[number, number]> {
  return every(24 * HOUR, at(5, 1, 12), at(6, 12, 12)).map((t) => [t, t === at(6, 9, 12) ? 60 : 100]);
}

/** line2.good (amount): 50 units a day at noon, 13 June included. */
function line2Daily(): Array<[number, number]> {
  return every(24 * HOUR, at(5, 1, 12), NOW).map((t) => [t, 50]);
}

/** Live hour of Saturday 13 June: speed every second at 30 (11:00:00 to 12:00:00), 1 good unit a minute. */
function liveHour(): GoldenSample[] {
  const speed = every(1000, at(6, 13, 11), NOW).map((t) => ({ signal: 'line1.speed', ts: iso(t), value: 30 }));
  const good = every(60_000, at(6, 13, 11, 1), NOW).map((t) => ({ signal: 'line1.good', ts: iso(t), value: 1 }));
  return [...speed, ...good];
}

function samples(signal: string, points: Array<[number, number]>, from: number, to: number): GoldenSample[] {
  return points.filter(([t]) => t > from && t <= to).map(([t, value]) => ({ signal, ts: iso(t), value }));
}

function upTo(from: number, to: number): GoldenSample[] {
  return [
    ...samples('line1.speed', speedHistory(), from, to),
    ...samples('line1.energy', meterReadings(), from, to),
    ...samples('line1.good', line1Daily(), from, to),
    ...samples('line2.good', line2Daily(), from, to),
  ];
}

export const PHASE_1: GoldenSample[] = upTo(-Infinity, PHASE_1_CLOCK);

/** The 40 units of 9 June that arrived late (stamped 18:00 that day). */
export const LATE_CORRECTION: GoldenSample = { signal: 'line1.good', ts: iso(at(6, 9, 18)), value: 40 };
/** 10 June's sample, delivered a second time. */
export const DUPLICATE: GoldenSample = { signal: 'line1.good', ts: iso(at(6, 10, 12)), value: 100 };

export const CLI_IMPORT: GoldenSample[] = [LATE_CORRECTION];

export const PHASE_2: GoldenSample[] = [...upTo(PHASE_1_CLOCK, NOW), ...liveHour(), DUPLICATE];
