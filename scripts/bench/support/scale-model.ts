import { TwinModelBuilder } from '@bsc/twin';
import { FORMULAS } from '../large-kpi-model';

/** The sizes bench:scale runs: signals, and one KPI per ten signals. */
export const SCALE_SIZES = { '1k': 1_000, '10k': 10_000, '100k': 100_000 } as const;
export type ScaleSize = keyof typeof SCALE_SIZES;

/** Signals per asset; an asset's signals share one MQTT topic (one JSON field each), so a message carries this many. */
export const SIGNALS_PER_ASSET = 20;
const ASSETS_PER_PROCESS = 5;
const SIGNALS_PER_KPI = 10;
/** One KPI in this many reads the two KPIs before it instead of signals. */
const KPI_OVER_KPIS_EVERY = 10;
/** KPIs per site (org unit under the root). */
const KPIS_PER_UNIT = 50;
const PERSPECTIVES = ['financial', 'customer', 'internal_process', 'learning_growth'] as const;

export interface ScaleModelShape {
  signals: number;
  kpis: number;
  units: number;
  processes: number;
  assets: number;
  objectives: number;
}

/** How many of each a model of `signals` signals holds (the generator and the bench agree through this). */
export function scaleModelShape(signals: number): ScaleModelShape {
  const kpis = Math.floor(signals / SIGNALS_PER_KPI);
  const sites = Math.max(2, Math.ceil(kpis / KPIS_PER_UNIT));
  const assets = Math.ceil(signals / SIGNALS_PER_ASSET);
  return {
    signals,
    kpis,
    units: sites + 1,
    processes: Math.ceil(assets / ASSETS_PER_PROCESS),
    assets,
    objectives: sites * PERSPECTIVES.length,
  };
}

/** The MQTT topic of an asset's signals under `prefix`. */
export const assetTopic = (prefix: string, asset: number): string => `${prefix}/a${asset}`;

/**
 * A generated enterprise twin in the written form: a root unit `acme` over sites, processes and assets of the
 * sites, `signals` MQTT signals (SIGNALS_PER_ASSET per asset topic, field `v<n>` and timestamp `ts`), one KPI per
 * ten signals reading three of them (sliding windows and period aggregates), one KPI in ten the sum of the two KPIs
 * before it, and per site one objective in each of the four perspectives holding the site's KPIs in turn.
 */
export function scaleModel(signals: number, prefix: string): Record<string, unknown> {
  const shape = scaleModelShape(signals);
  const sites = shape.units - 1;
  const site = (kpi: number): string => `u${Math.floor(kpi / KPIS_PER_UNIT) % sites}`;
  const processOf = (asset: number): number => Math.floor(asset / ASSETS_PER_PROCESS);
  const units = [
    { id: 'acme', name: 'ACME' },
    ...Array.from({ length: sites }, (_, u) => ({ id: `u${u}`, name: `Site ${u}`, parent: 'acme' })),
  ];
  // a process belongs to the site of the KPIs reading its signals
  const processes = Array.from({ length: shape.processes }, (_, p) => ({
    id: `p${p}`,
    name: `Process ${p}`,
    unit: site(Math.floor((p * ASSETS_PER_PROCESS * SIGNALS_PER_ASSET) / SIGNALS_PER_KPI)),
  }));
  const assets = Array.from({ length: shape.assets }, (_, a) => ({
    id: `a${a}`,
    name: `Asset ${a}`,
    process: `p${processOf(a)}`,
  }));
  const signalDefs = Array.from({ length: signals }, (_, i) => {
    const asset = Math.floor(i / SIGNALS_PER_ASSET);
    return {
      id: `s${i}`,
      name: `Signal ${i}`,
      measures: `a${asset}`,
      unit: 'units',
      dataType: 'double',
      source: {
        mqtt: { topic: assetTopic(prefix, asset), jsonPath: `$.v${i % SIGNALS_PER_ASSET}`, timestampPath: '$.ts' },
      },
    };
  });
  const kpis = Array.from({ length: shape.kpis }, (_, k) => {
    const first = k * SIGNALS_PER_KPI;
    const formula =
      k % KPI_OVER_KPIS_EVERY === KPI_OVER_KPIS_EVERY - 1
        ? `k${k - 1} + k${k - 2}`
        : `${FORMULAS[k % FORMULAS.length].replace(/S/g, `s${first}`)} + avg(s${first + 1}, period) - min(s${first + 2}, 15m)`;
    return {
      id: `k${k}`,
      name: `KPI ${k}`,
      unit: 'units',
      orgUnit: site(k),
      direction: 'higher_is_better',
      formula,
      target: 100,
    };
  });
  const objectives = Array.from({ length: sites }, (_, u) =>
    PERSPECTIVES.map((perspective, p) => ({
      id: `o${u}_${p}`,
      name: `Objective ${u}/${perspective}`,
      perspective,
      unit: `u${u}`,
      kpis: kpis.filter((kpi, k) => kpi.orgUnit === `u${u}` && k % PERSPECTIVES.length === p).map((kpi) => kpi.id),
    })),
  ).flat();
  return TwinModelBuilder.minimal()
    .with((raw) => {
      raw.id = `scale-${signals}`;
      raw.name = `Scale ${signals} signals`;
      Object.assign(raw, { units, processes, assets, signals: signalDefs, kpis, objectives, links: [] });
      delete raw.opcuaServers;
      delete raw.initiatives;
    })
    .toDocument();
}
