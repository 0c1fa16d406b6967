/** Ordinary least squares by the normal equations with a tiny ridge for stability; returns undefined if singular. */
export function leastSquares(rows: readonly number[][], target: readonly number[]): number[] | undefined {
  const k = rows[0]?.length ?? 0;
  if (k === 0) return [];
  const a: number[][] = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  for (let r = 0; r < rows.length; r++) {
    const x = rows[r];
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) a[i][j] += x[i] * x[j];
      a[i][k] += x[i] * target[r];
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) a[i][j] = a[j][i];
    a[i][i] *= 1 + 1e-10;
  }
  // Gaussian elimination with partial pivoting
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    if (Math.abs(a[piv][c]) < 1e-300) return undefined;
    [a[c], a[piv]] = [a[piv], a[c]];
    for (let r = c + 1; r < k; r++) {
      const f = a[r][c] / a[c][c];
      for (let j = c; j <= k; j++) a[r][j] -= f * a[c][j];
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = a[i][k];
    for (let j = i + 1; j < k; j++) s -= a[i][j] * x[j];
    x[i] = s / a[i][i];
  }
  return x.every(Number.isFinite) ? x : undefined;
}
