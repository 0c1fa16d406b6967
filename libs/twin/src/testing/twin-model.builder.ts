import { normalizeModel } from '../loader/model-normalizer';
import type {
  CalendarDef,
  InitiativeDef,
  KpiDef,
  ObjectiveDef,
  OrgUnitDef,
  PerspectiveDef,
  SignalDef,
  TwinModel,
} from '../model/twin-model.types';
import { validateModel } from '../validation/validate-model';
import { acmeDocument, emptyDocument, lineDocument, minimalDocument } from './model-documents.fixture';

type Raw = Record<string, unknown>;

/** What `signal` and `kpi` fill in when a test does not say: each starting point has its own. */
interface ItemDefaults {
  signal: Raw;
  kpi: (formula: string | undefined) => Raw;
}

const TYPED: ItemDefaults = {
  signal: { unit: '', dataType: 'double', source: 'http' },
  // daily, so that engine tests close periods within hours of samples
  kpi: (formula) => ({
    unit: '',
    orgUnit: 'plant',
    direction: 'higher_is_better',
    aggregation: 'avg',
    period: 'day',
    targets: [],
    thresholds: { mode: 'percent', atRisk: 5, offTarget: 10 },
    indicator: 'lag',
    updateFrequency: '1m',
    manualEntry: formula === undefined,
    rollup: 'weighted_average',
  }),
};

const ON_THE_LINE: ItemDefaults = {
  signal: { measures: 'line', unit: 'units', dataType: 'double' },
  kpi: () => ({ unit: 'units', orgUnit: 'plant', direction: 'higher_is_better', target: 1 }),
};

/**
 * The one builder of twin models for tests, benchmarks and rigs. It holds the written document (what a model file
 * says) and gives it back as written (`toDocument`, e.g. to write a file or to feed validation a broken model), as
 * the loader reads it (`build`: every default applied, no semantic check, so a test states only what it uses) or
 * as an app accepts it (`buildValid`: throws with the issues). Start from `minimal`, `acme`, `line` or `model`,
 * then add items or change the document by path (`kpis[1].formula`).
 */
export class TwinModelBuilder {
  private constructor(
    private readonly doc: Raw,
    private readonly defaults: ItemDefaults,
    // a starting point's stand-in unit goes when the test adds its own
    private placeholderUnit = false,
  ) {}

  /**
   * Two units, one line with an asset, three signals (OPC UA, MQTT, manual), two KPIs, two objectives, a link and
   * an initiative, written with the shorthands (`source: manual`, `kpis: [output]`, `target`).
   */
  static minimal(): TwinModelBuilder {
    return new TwinModelBuilder(minimalDocument(), TYPED);
  }

  /** A plant with a line and a filler, every field written out; one signal, one KPI, two objectives, an initiative. */
  static acme(): TwinModelBuilder {
    return new TwinModelBuilder(acmeDocument(), TYPED);
  }

  /** One plant with one line: signals added are measured on the line, KPIs belong to the plant with target 1. */
  static line(id: string, name: string): TwinModelBuilder {
    return new TwinModelBuilder(lineDocument(id, name), ON_THE_LINE);
  }

  /** An empty model (unit `plant` until `unit` adds others), for tests that add exactly the items they use. */
  static model(id = 'test'): TwinModelBuilder {
    return new TwinModelBuilder(emptyDocument(id), TYPED, true);
  }

  calendar(over: Partial<CalendarDef>): this {
    this.doc.calendar = { ...(this.doc.calendar as Raw), ...over };
    return this;
  }

  unit(id: string, parent?: string, extra: Partial<OrgUnitDef> = {}): this {
    if (this.placeholderUnit) this.doc.units = [];
    this.placeholderUnit = false;
    return this.push('units', { id, name: id, parent, owner: `${id}-owner`, ...extra });
  }

  perspectives(perspectives: PerspectiveDef[]): this {
    return this.set('perspectives', perspectives);
  }

  /** Adds signals, each an id (named after it) or the fields it states; the starting point's defaults fill the rest. */
  signal(...signals: Array<string | (Raw & { id: string })>): this {
    for (const s of signals)
      this.push('signals', {
        name: typeof s === 'string' ? s : s.id,
        ...this.defaults.signal,
        ...(typeof s === 'string' ? { id: s } : s),
      });
    return this;
  }

  /** Declares fields of signals added before, e.g. `.declare({ kind: 'counter' }, 'meter')`. */
  declare(over: Partial<Omit<SignalDef, 'source'>>, ...ids: string[]): this {
    const signals = this.doc.signals as Raw[];
    for (const id of ids) {
      const i = signals.findIndex((s) => s.id === id);
      if (i < 0) throw new Error(`no signal '${id}' to declare`);
      signals[i] = { ...signals[i], ...over };
    }
    return this;
  }

  /** A KPI computed by `formula` (manually entered without one), named after its id unless `over` says otherwise. */
  kpi(id: string, formula: string | undefined, over: Partial<KpiDef> & Raw = {}): this {
    return this.push('kpis', { id, name: id, ...this.defaults.kpi(formula), formula, ...over });
  }

  /** A KPI defined in full (a test's own defaults, e.g. scoring tests' `aKpi`). */
  addKpi(def: KpiDef): this {
    return this.push('kpis', def);
  }

  /** Objective with KPIs given as [id, weight] pairs; without them, every KPI added so far with weight 1. */
  objective(
    id: string,
    unit: string,
    perspective: string,
    kpis?: Array<[string, number]>,
    extra: Partial<ObjectiveDef> = {},
  ): this {
    const refs = kpis ?? (this.doc.kpis as Raw[]).map((k): [string, number] => [k.id as string, 1]);
    return this.push('objectives', {
      id,
      name: id,
      unit,
      perspective,
      weight: 1,
      kpis: refs.map(([kpi, weight]) => ({ kpi, weight })),
      ...extra,
    });
  }

  initiative(id: string, unit: string, objectives: string[], extra: Partial<InitiativeDef> = {}): this {
    return this.push('initiatives', {
      id,
      name: id,
      unit,
      objectives,
      kpis: [],
      milestones: [],
      status: 'on_track',
      ...extra,
    });
  }

  /** Sets a value at a path like `kpis[1].formula`; `undefined` deletes the field. */
  set(path: string, value: unknown): this {
    const keys = parsePath(path);
    const last = keys.pop()!;
    let at: Raw | unknown[] = this.doc;
    for (const key of keys) at = (at as Record<string | number, unknown>)[key] as Raw | unknown[];
    if (value === undefined && !Array.isArray(at)) delete at[last];
    else (at as Record<string | number, unknown>)[last] = value;
    return this;
  }

  /** Appends an item to the array at `path`. */
  push(path: string, item: unknown): this {
    let at: unknown = this.doc;
    for (const key of parsePath(path)) at = (at as Record<string | number, unknown>)[key];
    (at as unknown[]).push(item);
    return this;
  }

  with(mutate: (doc: Raw) => void): this {
    mutate(this.doc);
    return this;
  }

  /** The written form (a deep copy: safe to mutate, and the builder can go on). */
  toDocument(): Raw {
    return structuredClone(this.doc);
  }

  /** The model as the loader reads the document, defaults applied but unchecked: it may be one validation refuses. */
  build(): TwinModel {
    return normalizeModel(this.toDocument());
  }

  /** The model as an app accepts it; throws with the issues when the document is invalid. */
  buildValid(): TwinModel {
    const { model, issues } = validateModel(this.toDocument());
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
