import { formulaTerms, parseFormula, type FormulaTerm } from '@bsc/formula';
import { kpiAccumulation, type KpiDef } from '@bsc/twin';
import { driverCoverage, shareAtEnd, shareAtStart, type DriverTiming } from './driver-coverage';

/** The share of a change's full size that a reading sees, by when the change is in force. */
export type Share = (d: DriverTiming) => number;

interface Period {
  start: number;
  end: number;
}

/**
 * How much of a signal driver a formula term sees at the period's end, over the window it reads then (the period to
 * date, or a sliding window's own span back from the end, before the period's start if it is longer): a latest
 * value and a `last` reading take the driver's size at the end, a `first` reading its size at the window's start; an
 * average, a total or a count the share of the window the driver covers (a step from the 16th covers all of a 7-day
 * window at the end of a 30-day month). So does a min or max, an approximation: a step lifts the max only if the
 * part it covers holds the max, which the terms do not tell.
 */
export function termShare(term: FormulaTerm, period: Period): Share {
  const node = term.node;
  if (node.kind === 'identifier' || node.fn === 'last') return (d) => shareAtEnd(period.end, d);
  const start = windowStart(term, period);
  if (node.fn === 'first') return (d) => shareAtStart(start, d);
  return spread({ start, end: period.end });
}

/**
 * A driver's size at both ends of the window a term reads at the period's end (from `start`), for a reading that is
 * the change between them (`delta` of a level, and its `rate`): at the window's start as a `first` reading, at the
 * end as a `last` one.
 */
export function termEnds(term: FormulaTerm, period: Period): { start: number; atStart: Share; atEnd: Share } {
  const start = windowStart(term, period);
  return { start, atStart: (d) => shareAtStart(start, d), atEnd: (d) => shareAtEnd(period.end, d) };
}

function windowStart(term: FormulaTerm, period: Period): number {
  const node = term.node;
  if (node.kind === 'identifier' || node.window === 'period') return period.start;
  return period.end - node.window;
}

/**
 * How much of a change of a KPI's own level its period value sees, by its aggregation: an average, a sum or a count
 * the share of the period covered, and so does a running total declared `last` (see kpiAccumulation) and a min or
 * max (as in termShare). Another KPI declared `last` is its formula at the period end, and sees a change as its terms
 * read it: a closing level (latest values, `last` readings, a manual snapshot) at the end, a ratio of period totals
 * for the share of the period covered, a sliding average for the share of its window; the mean of their shares where
 * its terms read it differently, an approximation. A driver on the KPI and an effect reaching it along a link count
 * alike.
 */
export function kpiShare(def: KpiDef, period: Period): Share {
  if (def.aggregation !== 'last' || kpiAccumulation(def) === 'cumulative') return spread(period);
  const reads = def.formula ? formulaTerms(parseFormula(def.formula)).map((t) => termShare(t, period)) : [];
  if (reads.length === 0) return (d) => shareAtEnd(period.end, d);
  return (d) => reads.reduce((sum, read) => sum + read(d), 0) / reads.length;
}

function spread(span: Period): Share {
  return (d) => driverCoverage(span.start, span.end, d.from, d.rampMs, d.until);
}
