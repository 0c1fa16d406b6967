/** Significant digits that always tell float32 values apart (FLT_DECIMAL_DIG). */
const FLOAT32_DIGITS = 9;

/**
 * A float32 widened to a double (0.1 reads 0.10000000149011612) as the shortest decimal that narrows back to the
 * same float32 (0.1): the value the sender wrote, so thresholds and displays see 0.1, not a rounding artefact.
 */
export function float32Value(value: number): number {
  if (!Number.isFinite(value)) return value;
  const single = Math.fround(value);
  for (let digits = 1; digits < FLOAT32_DIGITS; digits++) {
    const shortest = Number(single.toPrecision(digits));
    if (Math.fround(shortest) === single) return shortest;
  }
  return Number(single.toPrecision(FLOAT32_DIGITS));
}
