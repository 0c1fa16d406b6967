/** One input to a weighted roll-up. `coverage` null = the part is empty and is ignored entirely. */
export interface WeightedPart {
  weight: number;
  score: number | null;
  coverage: number | null;
}

export interface WeightedResult {
  score: number | null;
  coverage: number | null;
}

/**
 * Weighted mean of the parts that have a score; parts without one lower `coverage` instead of counting as zero.
 * Coverage is the weighted mean of the parts' coverages, so it stays "share of leaf weight with data" all the way
 * up. Non-positive or non-finite weights take a part out of the roll-up.
 */
export function combineWeighted(parts: readonly WeightedPart[]): WeightedResult {
  let totalWeight = 0;
  let coveredWeight = 0;
  let scoredWeight = 0;
  let weightedScore = 0;
  for (const part of parts) {
    if (part.coverage === null || !(part.weight > 0) || !Number.isFinite(part.weight)) continue;
    totalWeight += part.weight;
    coveredWeight += part.weight * part.coverage;
    if (part.score !== null && Number.isFinite(part.score)) {
      scoredWeight += part.weight;
      weightedScore += part.weight * part.score;
    }
  }
  if (totalWeight === 0) return { score: null, coverage: null };
  return {
    score: scoredWeight > 0 ? weightedScore / scoredWeight : null,
    coverage: coveredWeight / totalWeight,
  };
}

/** A leaf (one KPI) as a weighted part: covered when it has a score. */
export function leafPart(weight: number, score: number | null): WeightedPart {
  return { weight, score, coverage: score === null ? 0 : 1 };
}
