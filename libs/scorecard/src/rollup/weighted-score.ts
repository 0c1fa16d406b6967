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
  // Weights are scaled by the largest one first: a subnormal weight (5e-324) times a score would round to 0 and
  // drag the mean out of the parts' range; scaled, the largest weight is 1 and the mean stays a convex combination.
  let maxWeight = 0;
  let maxScoredWeight = 0;
  for (const part of parts) {
    if (!counts(part)) continue;
    maxWeight = Math.max(maxWeight, part.weight);
    if (hasScore(part)) maxScoredWeight = Math.max(maxScoredWeight, part.weight);
  }
  if (maxWeight === 0) return { score: null, coverage: null };
  let totalWeight = 0;
  let coveredWeight = 0;
  let scoredWeight = 0;
  let weightedScore = 0;
  for (const part of parts) {
    if (!counts(part)) continue;
    const weight = part.weight / maxWeight;
    totalWeight += weight;
    coveredWeight += weight * (part.coverage as number);
    if (hasScore(part)) {
      const scoreWeight = part.weight / maxScoredWeight;
      scoredWeight += scoreWeight;
      weightedScore += scoreWeight * part.score;
    }
  }
  return {
    score: scoredWeight > 0 ? weightedScore / scoredWeight : null,
    coverage: coveredWeight / totalWeight,
  };
}

function counts(part: WeightedPart): boolean {
  return part.coverage !== null && part.weight > 0 && Number.isFinite(part.weight);
}

function hasScore(part: WeightedPart): part is WeightedPart & { score: number } {
  return part.score !== null && Number.isFinite(part.score);
}

/** A leaf (one KPI) as a weighted part: covered when it has a score. */
export function leafPart(weight: number, score: number | null): WeightedPart {
  return { weight, score, coverage: score === null ? 0 : 1 };
}
