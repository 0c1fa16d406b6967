import { validateModel } from '../validation/validate-model';
import type { TwinModel } from '../model/twin-model.types';

type Raw = Record<string, unknown>;

/**
 * Builds models in the written (YAML/JSON) form for tests: a small valid twin to start from, and mutations by
 * path (`kpis[1].formula`), so that each test states only what it changes.
 */
export class ModelBuilder {
  private constructor(private readonly raw: Raw) {}

  /** Two units, one line with an asset, three signals (OPC UA, MQTT, manual), two KPIs, two objectives, a link, an initiative. */
  static minimal(): ModelBuilder {
    return new ModelBuilder({
      apiVersion: 'bsc.twin/v1',
      id: 'test-twin',
      name: 'Test twin',
      units: [
        { id: 'acme', name: 'ACME' },
        { id: 'plant', name: 'Plant', parent: 'acme' },
      ],
      processes: [{ id: 'line1', name: 'Line 1', unit: 'plant' }],
      assets: [{ id: 'line1.filler', name: 'Filler', process: 'line1' }],
      opcuaServers: [{ id: 'opc', endpoint: 'opc.tcp://localhost:4840/UA/Test' }],
      signals: [
        {
          id: 'line1.good',
          name: 'Good count',
          measures: 'line1',
          unit: 'units',
          source: { opcua: { server: 'opc', nodeId: 'ns=1;s=Line1.Good' } },
        },
        {
          id: 'line1.scrap',
          name: 'Scrap count',
          measures: 'line1.filler',
          unit: 'units',
          source: { mqtt: { topic: 'acme/line1', jsonPath: '$.scrap' } },
        },
        { id: 'hr.headcount', name: 'Headcount', unit: 'employees', source: 'manual' },
      ],
      kpis: [
        {
          id: 'output',
          name: 'Output',
          unit: 'units',
          orgUnit: 'plant',
          direction: 'higher_is_better',
          formula: 'sum(line1.good, period)',
          target: 100,
        },
        {
          id: 'scrap_rate',
          name: 'Scrap rate',
          unit: '%',
          orgUnit: 'plant',
          direction: 'lower_is_better',
          formula: 'safediv(sum(line1.scrap, period), output) * 100',
          target: 2,
        },
      ],
      objectives: [
        {
          id: 'efficient',
          name: 'Efficient',
          perspective: 'internal_process',
          unit: 'plant',
          kpis: [{ kpi: 'output', weight: 2 }, { kpi: 'scrap_rate' }],
        },
        { id: 'grow', name: 'Grow', perspective: 'financial', unit: 'acme', kpis: ['output'] },
      ],
      links: [{ from: 'efficient', to: 'grow', lag: '30d' }],
      initiatives: [{ id: 'lean', name: 'Lean', unit: 'plant', objectives: ['efficient'], kpis: ['scrap_rate'] }],
    });
  }

  /**
   * One plant with one line and nothing else: benchmarks and fault rigs add signals (measured on the line), a
   * KPI each and an objective over them with `signal`, `kpi` and `objective`.
   */
  static line(id: string, name: string): ModelBuilder {
    return new ModelBuilder({
      apiVersion: 'bsc.twin/v1',
      id,
      name,
      units: [{ id: 'plant', name: 'Plant' }],
      processes: [{ id: 'line', name: 'Line', unit: 'plant' }],
      signals: [],
      kpis: [],
      objectives: [],
    });
  }

  /** Appends a signal measured on the line (a double in `units` unless `def` says otherwise). */
  signal(def: Raw & { id: string; name: string; source: unknown }): this {
    return this.push('signals', { measures: 'line', unit: 'units', dataType: 'double', ...def });
  }

  /** Appends a plant KPI (higher is better, target 1, in `units` unless `extra` says otherwise). */
  kpi(id: string, name: string, formula: string, extra: Raw = {}): this {
    return this.push('kpis', {
      id,
      name,
      unit: 'units',
      orgUnit: 'plant',
      direction: 'higher_is_better',
      formula,
      target: 1,
      ...extra,
    });
  }

  /** Appends a plant objective (internal process) over the given KPIs, or over every KPI added so far. */
  objective(id: string, name: string, kpis?: string[]): this {
    const all = (this.raw.kpis as Array<{ id: string }>).map((k) => k.id);
    return this.push('objectives', { id, name, perspective: 'internal_process', unit: 'plant', kpis: kpis ?? all });
  }

  /** Sets a value at a path like `kpis[1].formula`; `undefined` deletes the field. */
  set(path: string, value: unknown): this {
    const keys = parsePath(path);
    const last = keys.pop()!;
    let at: Raw | unknown[] = this.raw;
    for (const key of keys) at = (at as Record<string | number, unknown>)[key] as Raw | unknown[];
    if (value === undefined && !Array.isArray(at)) delete at[last];
    else (at as Record<string | number, unknown>)[last] = value;
    return this;
  }

  /** Appends an item to the array at `path`. */
  push(path: string, item: unknown): this {
    const keys = parsePath(path);
    let at: unknown = this.raw;
    for (const key of keys) at = (at as Record<string | number, unknown>)[key];
    (at as unknown[]).push(item);
    return this;
  }

  with(mutate: (raw: Raw) => void): this {
    mutate(this.raw);
    return this;
  }

  /** The written form (a deep copy, safe to mutate). */
  build(): Raw {
    return structuredClone(this.raw);
  }

  /** The validated model; throws with the issues when the mutations made it invalid. */
  buildModel(): TwinModel {
    const { model, issues } = validateModel(this.build());
    if (!model) throw new Error(`test model is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    return model;
  }
}

function parsePath(path: string): Array<string | number> {
  return path.split(/\.(?![^[]*\])|(?=\[)/).flatMap((part): Array<string | number> => {
    const index = /^\[(\d+)\]$/.exec(part);
    return index ? [Number(index[1])] : part === '' ? [] : [part];
  });
}
