/*
 * How soon the demo plant's simulated incidents raise `anomaly` alerts: the demo (seed 42) played second by second,
 * as live, through the platform's signal detectors and the alert rule (demo-incident-play.ts), on simulated time.
 * For each incident: its start, the first anomaly scored at or above the rule's minScore on its line's signals or
 * its plant's meter, the alert that anomaly raised (or the open alert it joined), and the delay; then the alerts
 * raised in a quiet stretch (no incident, no planned stop, on any line). The detectors start empty at each played
 * window's start: the first 10 minutes are their warm-up. Last line: ONE JSON object.
 */
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import {
  incidentStarts,
  lineCountSeries,
  MIN,
  play,
  SEC,
  SEED,
  type Played,
} from '../../apps/ingestion/src/alerts/testing/demo-incident-play';
import { ovenDrift } from '../../apps/ingestion/src/simulator/plant/oven-model';
import { isPlannedProduction } from '../../apps/ingestion/src/simulator/plant/plant-calendar';
import { PlantIncidents } from '../../apps/ingestion/src/simulator/plant/plant-incidents';
import { LINE_IDS, LINE_SPECS, type LineId } from '../../apps/ingestion/src/simulator/plant/line-spec';
import { argNumber } from './support/bench-args';

const WARM_UP = 10 * MIN;
const AFTER = 10 * MIN;
/** How long the oven is played after the descaling: the ramp that follows, 0.07 °C a day, is watched this long. */
const RAMP_HOURS = 6;

interface Incident {
  name: string;
  line: LineId;
  at: number;
  /** Signals that may tell this incident (prefixes). */
  prefixes: string[];
  /** The played window. */
  from: number;
  to: number;
}

interface Row {
  incident: string;
  start: string;
  firstAlerting: string | null;
  signal: string | null;
  alert: string | null;
  delayS: number | null;
  /** Scrap bursts: seconds until a test that knows the start could first tell it (below). */
  knownStartS?: number | null;
}

/** The rule's minScore, 0.5, is a surprise of five decades: a one-in-10^5 event. */
const ALERT_ODDS = 1e-5;

const hms = (ts: number) => new Date(ts).toISOString().replace('T', ' ').slice(5, 19);

function meterOf(line: LineId): string {
  return line === 'line3' ? 'plant_south.' : 'plant_north.';
}

/** Stoppages of Monday 16 Nov 09:25-11:20 and the first scrap burst of lines 1 and 3 (those the specs name). */
function plantIncidents(): Incident[] {
  const stopFrom = Date.UTC(2026, 10, 16, 9, 25);
  const stopTo = Date.UTC(2026, 10, 16, 11, 20);
  const stops = incidentStarts(stopFrom + WARM_UP, stopTo).map((i) => ({
    name: `${i.line} ${i.kind}`,
    line: i.line,
    at: i.at,
    prefixes: [`${i.line}.`, meterOf(i.line)],
    from: stopFrom,
    to: stopTo,
  }));
  const bursts = [
    { line: 'line1' as const, at: Date.parse('2026-11-16T06:45:51Z') },
    { line: 'line3' as const, at: Date.parse('2026-11-19T15:56:29Z') },
  ].map((b) => ({
    name: `${b.line} scrap burst`,
    line: b.line,
    at: b.at,
    prefixes: [`${b.line}.`, meterOf(b.line)],
    from: b.at - 15 * MIN,
    to: b.at + AFTER,
  }));
  return [...stops, ...bursts];
}

/**
 * The oven drift's start: the first second at which the simulator's oven value changes from its drift, i.e. the
 * descaling that ends one fouling cycle and starts the next (the drift falls from 5.25 °C to 0, then rises
 * 0.07 °C a day). The one on Wednesday 23 Sep 2026 00:00 falls in the night shift, with line 2 planned to run, so
 * the oven is at its set point on both sides of it (the next, Monday 7 Dec 00:00, is in the weekend's standby).
 */
function ovenDriftStart(): Incident {
  const from = Date.UTC(2026, 8, 22, 23, 40);
  let at = from;
  while (ovenDrift(at + SEC) > ovenDrift(at)) at += SEC;
  at += SEC;
  if (!isPlannedProduction(LINE_SPECS.line2, at)) throw new Error('oven standby at the descaling: pick another');
  return {
    name: 'line2 oven drift (descaling)',
    line: 'line2',
    at,
    prefixes: ['line2.oven_temp'],
    from,
    to: at + RAMP_HOURS * 60 * MIN,
  };
}

function measure(model: TwinModel, incident: Incident, cache: Map<string, Played>): Row {
  const key = `${incident.from}-${incident.to}`;
  const played = cache.get(key) ?? play(model, incident.from, incident.to);
  cache.set(key, played);
  const hit = played.alerting.find(
    (a) => a.at >= incident.at && incident.prefixes.some((p) => a.signalId.startsWith(p)),
  );
  let alert: string | null = null;
  if (hit) {
    const raised = played.raised.find((r) => r.at === hit.at && r.kpiId === hit.kpiId);
    const open = [...played.raised].reverse().find((r) => r.at < hit.at && r.kpiId === hit.kpiId);
    alert = raised
      ? `raised ${hms(raised.at)} on ${raised.kpiId}`
      : `joined ${hit.kpiId}'s alert of ${open ? hms(open.at) : '?'}`;
  }
  const knownStartS = incident.name.endsWith('scrap burst') ? knownStartDelay(incident) : undefined;
  return {
    knownStartS,
    incident: incident.name,
    start: hms(incident.at),
    firstAlerting: hit ? hms(hit.at) : null,
    signal: hit?.signalId ?? null,
    alert,
    delayS: hit ? (hit.at - incident.at) / SEC : null,
  };
}

/**
 * The bound no detector can beat: seconds from a burst's start until the scrap counted since then, against the units
 * made, is less likely than one in 10^5 at the line's base scrap share (a binomial tail, one test, the start known).
 * A detector that must find the start too, and guards several statistics at once, needs more.
 */
function knownStartDelay(incident: Incident): number | null {
  const base = LINE_SPECS[incident.line].baseScrapRate;
  let scrap = 0;
  let units = 0;
  for (const c of lineCountSeries(incident.line, incident.from, incident.at - SEC, incident.to)) {
    scrap += c.scrap;
    units += c.units;
    if (binomialUpperTail(scrap, units, base) <= ALERT_ODDS) return (c.ts - incident.at) / SEC;
  }
  return null;
}

/** P(X ≥ x) for X ~ Binomial(n, p), summing the probabilities below x by their ratio (in logs: n reaches 10^4). */
function binomialUpperTail(x: number, n: number, p: number): number {
  let logTerm = n * Math.log1p(-p);
  let below = 0;
  for (let k = 0; k < x; k++) {
    below += Math.exp(logTerm);
    logTerm += Math.log((n - k) / (k + 1)) + Math.log(p / (1 - p));
  }
  return Math.max(0, 1 - below);
}

/** True when no line is stopped, bursting or in a planned stop anywhere in [from, to), second by second. */
function isQuiet(from: number, to: number): boolean {
  const incidents = new PlantIncidents(SEED);
  for (let ts = from; ts < to; ts += SEC)
    for (const line of LINE_IDS) {
      const spec = LINE_SPECS[line];
      if (!isPlannedProduction(spec, ts) || incidents.isStopped(spec, ts) || incidents.scrapBurstRate(spec, ts) > 0)
        return false;
    }
  return true;
}

/** The first stretch of `hours` after Monday 16 Nov 06:00 (on the hour) in which every line runs undisturbed. */
function quietStretch(hours: number): { from: number; to: number } {
  for (let start = Date.UTC(2026, 10, 16, 6); start < Date.UTC(2026, 10, 21); start += 60 * MIN) {
    const from = start + WARM_UP;
    const to = from + hours * 60 * MIN;
    if (isQuiet(start, to)) return { from, to };
  }
  throw new Error(`no quiet stretch of ${hours} h in the demo week`);
}

async function main(): Promise<void> {
  const model = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
  const hours = argNumber('quiet-hours', 2) || 2;
  const cpu0 = process.cpuUsage();
  const cache = new Map<string, Played>();
  const rows = [...plantIncidents(), ovenDriftStart()].map((i) => measure(model, i, cache));
  const oven = ovenDriftStart();
  const ovenPlayed = cache.get(`${oven.from}-${oven.to}`);
  const rampAlerting = (ovenPlayed?.alerting ?? []).filter(
    (a) => a.at >= oven.at + AFTER && a.signalId === 'line2.oven_temp',
  );
  const quiet = quietStretch(hours);
  const quietPlayed = play(model, quiet.from - WARM_UP, quiet.to);
  const quietRaised = quietPlayed.raised.filter((r) => r.at >= quiet.from);
  const quietAlerting = quietPlayed.alerting.filter((a) => a.at >= quiet.from);
  const cpu = process.cpuUsage(cpu0);
  console.log('incident                        start           first ≥ minScore  delay  signal / alert');
  for (const r of rows)
    console.log(
      `${r.incident.padEnd(31)} ${r.start}  ${(r.firstAlerting ?? '-').padEnd(16)} ${String(r.delayS ?? '-').padStart(5)} s  ${r.signal ?? ''} / ${r.alert ?? 'none'}${r.knownStartS !== undefined ? ` (a test knowing the start: ${r.knownStartS ?? '-'} s)` : ''}`,
    );
  console.log(
    `quiet stretch ${hms(quiet.from)} .. ${hms(quiet.to)} (${hours} h, all lines running): ${quietRaised.length} alerts raised, ${quietAlerting.length} anomalies at or above minScore`,
  );
  console.log(
    `oven ramp ${hms(oven.at + AFTER)} .. ${hms(oven.to)} (drift ${ovenDrift(oven.at + AFTER).toFixed(4)} .. ${ovenDrift(oven.to - SEC).toFixed(4)} °C): ${rampAlerting.length} anomalies at or above minScore on line2.oven_temp`,
  );
  for (const r of quietRaised) console.log(`  ${hms(r.at)} ${r.message}`);
  console.log(`CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
  console.log(
    JSON.stringify({
      incidents: rows,
      ovenRamp: { alerting: rampAlerting.length },
      quiet: { from: hms(quiet.from), to: hms(quiet.to), raised: quietRaised.length, alerting: quietAlerting.length },
      cpuS: (cpu.user + cpu.system) / 1e6,
    }),
  );
}

void main();
