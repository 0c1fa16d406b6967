import type { FormulaTerm } from '@bsc/formula';
import { kpiAccumulation, type KpiDef } from '@bsc/twin';
import { driverCoverage, shareAtEnd, shareAtStart, type DriverTiming } from './driver-coverage';

/** The share of a change's full size that a reading sees, by when the change is in force. */
export type Share = (d: DriverTiming) => number;

interface Period {
  start: number;
  end: number;
}

/**
 * How much of a signal driver a formula term sees over the period: a latest value and a `last` reading are taken at
 * the period's end (the driver's size then), a `first` reading at the start of its window (its size then); an
 * average, a total or a count sees the share of the period the driver covers. So does a period min or max, an
 * approximation: a step lifts the max only if the part it covers holds the max, which the terms do not tell.
 */
export function termShare(term: FormulaTerm, period: Period): Share {
  const node = term.node;
  if (node.kind === 'identifier' || node.fn === 'last') return (d) => shareAtEnd(period.end, d);
  if (node.fn === 'first') {
    const start = node.window === 'period' ? period.start : period.end - node.window;
    return (d) => shareAtStart(start, d);
  }
  return spread(period);
}

/**
 * How much of a change of a KPI's own level its period value sees, by its aggregation: a snapshot (`last`) at the
 * period's end; an average, a sum or a count the share of the period covered, and so does a running total declared
 * `last` (see kpiAccumulation) and a min or max (as in termShare). A driver on the KPI and an effect reaching it
 * along a link count alike.
 */
export function kpiShare(def: KpiDef, period: Period): Share {
  if (def.aggregation === 'last' && kpiAccumulation(def) !== 'cumulative') return (d) => shareAtEnd(period.end, d);
  return spread(period);
}

function spread(period: Period): Share {
  return (d) => driverCoverage(period.start, period.end, d.from, d.rampMs, d.until);
}
