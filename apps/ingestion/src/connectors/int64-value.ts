const TWO_POW_32 = 2 ** 32;
/** High words of the integers within ±2^53, all of which a double holds exactly. */
const SAFE_HIGH = 0x200000;

/**
 * A 64-bit integer from its two 32-bit words (node-opcua's `[high, low]`, a protobuf Long's `high`/`low`), signed
 * as two's complement: a number within ±2^53, a bigint beyond, which the pipeline stores only when a double holds
 * it exactly and dead-letters otherwise.
 */
export function int64Value(high: number, low: number, signed: boolean): number | bigint {
  const hi = signed ? high | 0 : high >>> 0;
  const lo = low >>> 0;
  if (hi >= -SAFE_HIGH && hi < SAFE_HIGH) return hi * TWO_POW_32 + lo;
  return (BigInt(hi) << 32n) + BigInt(lo);
}
