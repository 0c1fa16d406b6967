import type { FormulaTerm } from '@bsc/formula';

/** Where attribution reads its numbers (the API backs it with the KPI engine over stored samples). */
export interface AttributionData {
  /** Each term's value for one period of a formula KPI (as corrected now); null when the period has no data. */
  terms(kpiId: string, periodKey: string, terms: readonly FormulaTerm[]): ReadonlyMap<string, number | null> | null;
  /** The KPI's value for a period as corrected now. */
  value(kpiId: string, periodKey: string): number | null;
  /**
   * The period of the input KPI `inputId` that `kpiId`'s formula reads by its bare id for `periodKey`, as the KPI
   * engine reads it (inside an open period, the one holding its newest sample); null when unknown.
   */
  inputPeriod(kpiId: string, periodKey: string, inputId: string): string | null;
}

/** other: the inputs the reader may not see, summed into one part (see AttributionRequest.shown). */
export type AttributionSource = 'signal' | 'kpi' | 'manual' | 'other';

/** What stands for nodes of units the reader may not see: no id has a space, so it names none. */
export const OTHER_UNITS = 'other units';

/** One input's share of a change; `parts` split it further when the input is itself a formula KPI. */
export interface AttributionPart {
  /** The formula term, e.g. `sum(erp.order_value, period)`. */
  term: string;
  /** The signal or KPI id the term reads. */
  id: string;
  source: AttributionSource;
  before: number | null;
  after: number | null;
  contribution: number;
  /** The input KPI's own periods compared (for KPI inputs). */
  periods?: { from: string; to: string };
  parts: AttributionPart[];
}

/** A leaf of the attribution tree summed per signal (or non-formula KPI), asset and unit. */
export interface AttributionGroup {
  id: string;
  contribution: number;
}

export interface KpiAttribution {
  kpiId: string;
  from: AttributionEnd;
  to: AttributionEnd;
  /** to.value - from.value, both as corrected now: what the parts and modelChange add up to. */
  change: number;
  /** Whether the Shapley values were computed over every ordering (else sampled; the parts still add up). */
  exact: boolean;
  parts: AttributionPart[];
  /** Leaves: signals, manual KPIs and KPIs whose change could not be split. */
  bySignal: AttributionGroup[];
  /** Leaves by the asset (or process) their signal measures; KPI leaves by their KPI. */
  byAsset: AttributionGroup[];
  byUnit: AttributionGroup[];
  /**
   * The to period's value under the model in force at `to` minus under the one in force at `from` (its formulas
   * changed between them); 0 when the same model held.
   */
  modelChange: number;
  /** from.value now minus as reported when the from period was judged: data that arrived or was corrected since. */
  corrections: number | null;
  /** to.value now minus from.value as reported then = change + corrections. */
  reportedChange: number | null;
  /** Target of `to` minus target of `from`. */
  targetChange: number | null;
  /** Change of the distance to target, (to - target) - (from - target) = change - targetChange. */
  gapChange: number | null;
}

export interface AttributionEnd {
  periodKey: string;
  value: number;
  /**
   * The period's target; between instants, and for a period still open, the part due by the instant (see
   * targetDue), as the value is to date.
   */
  target: number | null;
  /** The value as it was known when the period was judged (for `from`), when asked for. */
  reportedValue: number | null;
}
