/*
 * The demo plant played second by second through the platform's signal detectors and the `anomaly` alert rule, for
 * the specs that check how soon the demo's incidents raise alerts.
 */
import type { SignalSample } from '@bsc/common';
import { PlannedDowntime } from '@bsc/kpi';
import { AlertEvaluator, DEFAULT_ANOMALY_MIN_SCORE, type AlertRuleDef } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import { DEMO_SIGNAL_ROUTES } from '../../simulator/demo/demo-signal-routes';
import { LINE_IDS, LINE_SPECS, type LineId } from '../../simulator/plant/line-spec';
import { isPlannedProduction } from '../../simulator/plant/plant-calendar';
import { PlantIncidents } from '../../simulator/plant/plant-incidents';
import { SimulatorRuntime } from '../../simulator/simulator-runtime';
import { SignalAnomalyMonitor } from '../signal-anomaly-monitor';

export const SEC = 1000;
export const MIN = 60 * SEC;
/** The demo's seed: the incidents the specs name are those of seed 42. */
export const SEED = 42;
const RULE: AlertRuleDef = { id: 'odd', kind: 'anomaly' };

/** Every transport's output back as signal samples, as ingestion would receive them (1 s ticks, like the live run). */
function collectingSinks(into: SignalSample[]) {
  const byOpc = new Map<string, string>();
  const byMqtt = new Map<string, string>();
  const bySparkplug = new Map<string, string>();
  for (const [signalId, route] of Object.entries(DEMO_SIGNAL_ROUTES)) {
    if (route.transport === 'opcua') byOpc.set(route.identifier, signalId);
    if (route.transport === 'mqtt') byMqtt.set(`${route.topic}|${route.field}`, signalId);
    if (route.transport === 'sparkplug') bySparkplug.set(route.metric, signalId);
  }
  const push = (signalId: string | undefined, value: number, ts: number) => {
    if (signalId) into.push({ signalId, ts, value, quality: 'good', source: 'simulator' });
  };
  return {
    opcua: (identifier: string, value: number, ts: number) => push(byOpc.get(identifier), value, ts),
    sparkplug: (metric: string, value: number, ts: number) => push(bySparkplug.get(metric), value, ts),
    mqtt: (topic: string, payload: Record<string, number>) => {
      for (const [field, value] of Object.entries(payload))
        if (field !== 'ts') push(byMqtt.get(`${topic}|${field}`), value, payload.ts);
    },
    intake: (samples: Array<{ signalId: string; ts: number; value: number }>) => {
      for (const s of samples) push(s.signalId, s.value, s.ts);
    },
  };
}

/** Starts of unplanned stoppages and scrap bursts in [from, to), to the second, while the line is planned to run. */
export function incidentStarts(
  from: number,
  to: number,
): Array<{ line: LineId; kind: 'stoppage' | 'burst'; at: number }> {
  const incidents = new PlantIncidents(SEED);
  const found: Array<{ line: LineId; kind: 'stoppage' | 'burst'; at: number }> = [];
  for (const line of LINE_IDS) {
    const spec = LINE_SPECS[line];
    let stopped = incidents.isStopped(spec, from - SEC);
    let burst = incidents.scrapBurstRate(spec, from - SEC) > 0;
    for (let ts = from; ts < to; ts += SEC) {
      const s = incidents.isStopped(spec, ts);
      const b = incidents.scrapBurstRate(spec, ts) > 0;
      if (s && !stopped && isPlannedProduction(spec, ts)) found.push({ line, kind: 'stoppage', at: ts });
      if (b && !burst && isPlannedProduction(spec, ts)) found.push({ line, kind: 'burst', at: ts });
      stopped = s;
      burst = b;
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

export interface Played {
  /** Alerts raised (a new alert; a later anomaly of a KPI with an open alert joins it). */
  raised: Array<{ kpiId: string; at: number; message: string }>;
  /** Every anomaly at or above the rule's minScore, raised or joined to an open alert (of its KPI). */
  alerting: Array<{ signalId: string; kpiId: string; at: number }>;
  /** Anomalies at or above minScore in the model's planned downtime or restart: recorded, not alerted on. */
  planned: Array<{ signalId: string; at: number }>;
}

/**
 * The demo plant played second by second (SimulatorRuntime, as live) through the platform's signal detectors and the
 * `anomaly` alert rule: the SignalAnomalyMonitor and AlertEvaluator the alert runtime uses, on the demo model.
 */
export function play(model: TwinModel, from: number, to: number): Played {
  const samples: SignalSample[] = [];
  const runtime = new SimulatorRuntime(SEED, from, collectingSinks(samples));
  const downtime = new PlannedDowntime(model);
  const monitor = SignalAnomalyMonitor.forModel(model, undefined, downtime);
  const evaluator = new AlertEvaluator({ kpis: model.kpis, units: model.units, rules: [RULE], startedAt: from });
  const played: Played = { raised: [], alerting: [], planned: [] };
  for (let now = from + SEC; now <= to; now += SEC) {
    samples.length = 0;
    runtime.tick(now);
    for (const a of monitor.observe(samples)) {
      // as the alert runtime: a planned anomaly is announced and stored, but no rule sees it
      if (a.planned) {
        if (a.score >= DEFAULT_ANOMALY_MIN_SCORE) played.planned.push({ signalId: a.signalId ?? '', at: now });
        continue;
      }
      if (a.score >= DEFAULT_ANOMALY_MIN_SCORE)
        played.alerting.push({ signalId: a.signalId ?? '', kpiId: a.kpiId, at: now });
      const anomaly = { kind: a.kind, signalId: a.signalId, score: a.score };
      for (const t of evaluator.observe({ kpiId: a.kpiId, at: now, value: 0, status: 'on_target', anomaly }))
        if (t.type === 'raise') played.raised.push({ kpiId: t.alert.kpiId, at: now, message: t.alert.message });
    }
    evaluator.tick(now);
  }
  return played;
}

/** Scrap and all units (good + scrap) a line reported in (from, to], played live from `start` as `play` does. */
export function lineCounts(line: LineId, start: number, from: number, to: number): { scrap: number; units: number } {
  const counts = { scrap: 0, units: 0 };
  for (const c of lineCountSeries(line, start, from, to)) {
    counts.scrap += c.scrap;
    counts.units += c.units;
  }
  return counts;
}

/** The same counts second by second: each second in (from, to] with what the line reported at it. */
export function lineCountSeries(
  line: LineId,
  start: number,
  from: number,
  to: number,
): Array<{ ts: number; scrap: number; units: number }> {
  const samples: SignalSample[] = [];
  const runtime = new SimulatorRuntime(SEED, start, collectingSinks(samples));
  for (let now = start + SEC; now <= to; now += SEC) runtime.tick(now);
  const series: Array<{ ts: number; scrap: number; units: number }> = [];
  for (let ts = from + SEC; ts <= to; ts += SEC) series.push({ ts, scrap: 0, units: 0 });
  for (const s of samples) {
    if (s.ts <= from || s.ts > to) continue;
    const at = series[Math.ceil((s.ts - from) / SEC) - 1];
    if (s.signalId === `${line}.scrap_count`) at.scrap += s.value;
    if (s.signalId === `${line}.scrap_count` || s.signalId === `${line}.good_count`) at.units += s.value;
  }
  return series;
}

/** Seconds from an incident's start to the first alerting anomaly on its line's signals or its plant's meter. */
export function delay(played: Played, incident: { line: LineId; at: number }): number | null {
  const meter = incident.line === 'line3' ? 'plant_south.' : 'plant_north.';
  const hit = played.alerting.find(
    (a) => a.at >= incident.at && (a.signalId.startsWith(`${incident.line}.`) || a.signalId.startsWith(meter)),
  );
  return hit ? (hit.at - incident.at) / SEC : null;
}
