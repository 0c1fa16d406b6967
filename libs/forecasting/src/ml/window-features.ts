/** Clip normalised inputs: a few extreme windows must not dominate. */
const CLIP = 5;

/**
 * Scale-free window: values divided by the mean of the window's last `levelSpan` points, minus 1.
 * Returns undefined when the series is too short or the level is not positive.
 */
export function windowFeatures(
  y: readonly number[],
  end: number,
  inputLength: number,
  levelSpan: number,
): { x: number[]; level: number } | undefined {
  const level = windowLevel(y, end, inputLength, levelSpan);
  if (level === undefined) return undefined;
  const x: number[] = [];
  for (let t = end - inputLength; t < end; t++) x.push(Math.max(-CLIP, Math.min(CLIP, y[t] / level - 1)));
  return { x, level };
}

/** The level windowFeatures divides by; undefined where it gives no window (series too short, level not positive). */
export function windowLevel(
  y: readonly number[],
  end: number,
  inputLength: number,
  levelSpan: number,
): number | undefined {
  if (end < inputLength) return undefined;
  let level = 0;
  for (let t = end - levelSpan; t < end; t++) level += y[t];
  level /= levelSpan;
  return level > 0 ? level : undefined;
}

/** The span that sets the level: one season, at least 4 steps. */
export function levelSpanFor(m: number, inputLength: number): number {
  return Math.min(inputLength, Math.max(m, 4));
}
