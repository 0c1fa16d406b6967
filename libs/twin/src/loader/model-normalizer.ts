import {
  DEFAULT_CALENDAR,
  DEFAULT_LINK_LAG,
  DEFAULT_THRESHOLDS,
  DEFAULT_WEIGHT,
  KPI_DEFAULTS,
} from '../model/model-defaults';
import {
  DEFAULT_PERSPECTIVES,
  type AssetDef,
  type EdgeDef,
  type InitiativeDef,
  type KpiDef,
  type ObjectiveDef,
  type OpcUaServerDef,
  type OrgUnitDef,
  type PerspectiveDef,
  type ProcessDef,
  type SignalDef,
  type SignalSourceDef,
  type StrategyLinkDef,
  type TargetDef,
  type TwinModel,
} from '../model/twin-model.types';

type Raw = Record<string, unknown>;

/**
 * Turns the written form (YAML/JSON, already checked against the schema) into a TwinModel with every default
 * applied. Tolerant of malformed input so that semantic rules can still run and report everything at once:
 * array order is kept, so `kpis[3]` in the model is `kpis[3]` in the file.
 */
export function normalizeModel(raw: Raw): TwinModel {
  const calendar = isObject(raw.calendar) ? raw.calendar : {};
  const perspectives =
    raw.perspectives === undefined
      ? DEFAULT_PERSPECTIVES.map((p) => ({ ...p }))
      : items(raw.perspectives).map(perspective);
  const model: TwinModel = {
    apiVersion: 'bsc.twin/v1',
    id: raw.id as string,
    name: raw.name as string,
    ...(raw.description !== undefined && { description: raw.description as string }),
    calendar: { ...DEFAULT_CALENDAR, ...(calendar as Partial<TwinModel['calendar']>) },
    units: items(raw.units).map((u) => ({ ...u, weight: u.weight ?? DEFAULT_WEIGHT }) as OrgUnitDef),
    perspectives,
    objectives: items(raw.objectives).map(objective),
    links: items(raw.links).map(link),
    kpis: items(raw.kpis).map(kpi),
    processes: items(raw.processes) as unknown as ProcessDef[],
    assets: items(raw.assets) as unknown as AssetDef[],
    edges: items(raw.edges) as unknown as EdgeDef[],
    opcuaServers: items(raw.opcuaServers).map(opcuaServer),
    signals: items(raw.signals).map(signal),
    initiatives: items(raw.initiatives).map(initiative),
  };
  derivePerspectives(model);
  return model;
}

function perspective(raw: Raw, index: number): PerspectiveDef {
  return { order: index + 1, weight: DEFAULT_WEIGHT, ...raw } as PerspectiveDef;
}

function objective(raw: Raw): ObjectiveDef {
  const kpis = (Array.isArray(raw.kpis) ? raw.kpis : []).map((ref: unknown) =>
    typeof ref === 'string' ? { kpi: ref, weight: DEFAULT_WEIGHT } : { weight: DEFAULT_WEIGHT, ...(ref as Raw) },
  );
  return { ...raw, weight: raw.weight ?? DEFAULT_WEIGHT, kpis } as ObjectiveDef;
}

function link(raw: Raw): StrategyLinkDef {
  return { lag: DEFAULT_LINK_LAG, polarity: 'positive', ...raw } as StrategyLinkDef;
}

function kpi(raw: Raw): KpiDef {
  const targets = items(raw.targets).map((t) => ({ ...t, period: String(t.period) }) as TargetDef);
  const thresholds = { ...DEFAULT_THRESHOLDS, ...(isObject(raw.thresholds) ? raw.thresholds : {}) };
  return { ...KPI_DEFAULTS, ...raw, targets, thresholds } as KpiDef;
}

function opcuaServer(raw: Raw): OpcUaServerDef {
  return { securityMode: 'None', securityPolicy: 'None', ...raw } as OpcUaServerDef;
}

function signal(raw: Raw): SignalDef {
  return { unit: '', dataType: 'double', ...raw, source: signalSource(raw.source) } as SignalDef;
}

/** `{ opcua: { server, nodeId } }` (or the string 'http' / 'manual') becomes `{ kind: 'opcua', server, nodeId }`. */
export function signalSource(raw: unknown): SignalSourceDef {
  if (typeof raw === 'string') return { kind: raw } as SignalSourceDef;
  if (!isObject(raw)) return { kind: 'manual' };
  const [kind] = Object.keys(raw);
  const body = raw[kind];
  return { ...(isObject(body) ? body : {}), kind } as SignalSourceDef;
}

function initiative(raw: Raw): InitiativeDef {
  const milestones = items(raw.milestones).map((m) => ({ done: false, ...m }));
  return {
    status: 'planned',
    ...raw,
    objectives: stringList(raw.objectives),
    kpis: stringList(raw.kpis),
    milestones,
  } as InitiativeDef;
}

/** A KPI without a perspective takes the perspective of the first objective it contributes to. */
function derivePerspectives(model: TwinModel): void {
  const byKpi = new Map<string, string>();
  for (const o of model.objectives) {
    for (const ref of o.kpis)
      if (!byKpi.has(ref.kpi) && typeof o.perspective === 'string') byKpi.set(ref.kpi, o.perspective);
  }
  for (const k of model.kpis) {
    const derived = byKpi.get(k.id);
    if (k.perspective === undefined && derived !== undefined) k.perspective = derived;
  }
}

function items(value: unknown): Raw[] {
  return Array.isArray(value) ? value.map((v) => (isObject(v) ? { ...v } : {})) : [];
}

/** Non-strings become '' (the schema already reported them) so that indices stay aligned with the file. */
function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : '')) : [];
}

export function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
