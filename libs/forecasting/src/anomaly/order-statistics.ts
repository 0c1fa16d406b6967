/** Median of `values[0..length)` by quickselect; reorders `values` (pass a scratch copy). No allocation. */
export function medianInPlace(values: Float64Array, length: number): number {
  const k = length >> 1;
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  const upper = values[k];
  if (length % 2 === 1) return upper;
  // even length: the mean of the two middle values; the lower one is the largest of the left part
  let lower = values[0];
  for (let i = 1; i < k; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}
