/**
 * Values of a quantity that cannot be negative, floored at 0. For the bounds of an interval this is exact: the
 * floor is monotone, so the p-quantile of max(X, 0) is max(q_p, 0) for every p, and a forecast distribution that
 * put mass below 0 becomes the distribution of max(X, 0) (its negative part is mass at 0). For a point forecast,
 * max(m, 0) is that floor applied to the point, never further from any non-negative outcome y than m
 * (|y - max(m, 0)| <= |y - m|), so no error measure of absolute or squared errors gets worse. It is not the mean of
 * max(X, 0), which is m + E[max(-X, 0)] >= max(m, 0): that would need the shape of the tail below 0 of a
 * distribution that was wrong there to begin with, so the point is floored, not re-estimated.
 */
export function floorAtZero(values: readonly number[]): number[] {
  return values.map((v) => Math.max(0, v));
}
