/*
 * The resolution of a signal, read from its own values: the coarsest step in 1, 0.1, … 1e-9 that every value so far
 * is a multiple of (a meter read in whole units, a percentage to two decimals). A reading to two decimals cannot show
 * a move below 0.005, so a residual scale finer than half the step is not measured but hidden by the rounding.
 * 0 when a value is a multiple of none: a continuous signal (or float32 readings widened to doubles), for which
 * nothing is claimed.
 */
/** Decimal steps tried, coarsest first, written out so each is the double nearest its decimal. */
const STEPS = [1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9];
/** A value is a multiple of a step when within a millionth of a step of one (float noise in value/step). */
const TOLERANCE = 1e-6;

function isMultipleOf(value: number, step: number): boolean {
  const r = value / step;
  return Math.abs(r - Math.round(r)) <= TOLERANCE;
}

/**
 * The step after `value`, given the step of the values before it (NaN: no value yet). O(1) once settled: only a
 * value off the current step refines it, and a signal found continuous (0) stays so.
 */
export function refineStep(step: number, value: number): number {
  if (step === 0) return 0;
  let i = Number.isNaN(step) ? 0 : STEPS.indexOf(step);
  while (i < STEPS.length && !isMultipleOf(value, STEPS[i])) i++;
  return i < STEPS.length ? STEPS[i] : 0;
}
