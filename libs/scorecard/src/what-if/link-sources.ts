import type { KpiDef, TwinModel } from '@bsc/twin';
import { overlapWindow, windowOf, type DriverWindow } from './driver-coverage';
import { propagateExact } from './exact-propagation';
import { objectiveShift } from './link-propagation';
import type { KpiBaseline, ScenarioDriver } from './what-if.types';

/** What leaves the driven objectives along the links at full size, and when it is in force. */
export interface LinkSource {
  window: DriverWindow;
  /** Objective -> its standardised shift at full size (non-zero only). */
  shifts: Map<string, number>;
}

// below this share of the joint change, drivers are taken not to interact (rounding of the formula evaluator)
const INTERACTION_TOLERANCE = 1e-9;

/**
 * The level drivers' shifts of the objectives, one source per window so that each driver's effect travels along
 * the links with its own start, ramp and end: drivers with the same window move together, each window on its own.
 * Where drivers interact through a formula (a product such as OEE = availability x performance x quality), the
 * joint change is not the sum of the single ones; that remainder is in force only while all of them are, so it
 * travels with the overlap of their windows. The sources add up to the joint steady change.
 */
export function linkSources(
  model: TwinModel,
  baselines: ReadonlyMap<string, KpiBaseline>,
  drivers: readonly ScenarioDriver[],
  joint: ReadonlyMap<string, number>,
  scales: ReadonlyMap<string, number>,
): LinkSource[] {
  const groups = new Map<string, { window: DriverWindow; drivers: ScenarioDriver[] }>();
  for (const d of drivers) {
    if (d.kind === 'target') continue;
    const window = windowOf(d);
    const key = `${window.from}|${window.rampMs}|${window.until}`;
    const group = groups.get(key) ?? { window, drivers: [] };
    group.drivers.push(d);
    groups.set(key, group);
  }
  const kpis = new Map(model.kpis.map((k) => [k.id, k]));
  if (groups.size <= 1) {
    const [only] = groups.values();
    return only ? [source(model, kpis, only.window, joint, scales)] : [];
  }
  const out: LinkSource[] = [];
  const rest = new Map(joint);
  for (const group of groups.values()) {
    const delta = propagateExact(model, baselines, group.drivers, true).delta;
    for (const [id, v] of delta) rest.set(id, (rest.get(id) ?? 0) - v);
    out.push(source(model, kpis, group.window, delta, scales));
  }
  const interacts = [...rest].some(
    ([id, v]) => Math.abs(v) > INTERACTION_TOLERANCE * (1 + Math.abs(joint.get(id) ?? 0)),
  );
  if (interacts) {
    const windows = [...groups.values()].map((g) => g.window);
    out.push(source(model, kpis, overlapWindow(windows), rest, scales));
  }
  return out.filter((s) => s.shifts.size > 0);
}

function source(
  model: TwinModel,
  kpis: ReadonlyMap<string, KpiDef>,
  window: DriverWindow,
  delta: ReadonlyMap<string, number>,
  scales: ReadonlyMap<string, number>,
): LinkSource {
  const shifts = new Map<string, number>();
  for (const objective of model.objectives) {
    const z = objectiveShift(objective, kpis, delta, scales);
    if (z !== 0) shifts.set(objective.id, z);
  }
  return { window, shifts };
}
