/*
 * bfloat16: a float32's upper 16 bits (its sign, its whole 8-bit exponent and 7 of its 23 mantissa bits), rounded to
 * nearest, ties to even. Same range as float32, relative rounding error at most 2^−8 of the value (half the spacing
 * 2^−7): 0.4 %. A tail's history is kept in it (exceedance-tail.ts) because that error is far below the tail's own:
 * a scale estimated from about fifty excesses is uncertain by 1/√50, 14 %.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The bfloat16 nearest `value` (finite, or ±∞), as its 16 bits. */
export function toBfloat16(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  // add just under half a unit of the kept part, plus one when that part is odd: nearest, ties to even
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

export function fromBfloat16(bits: number): number {
  u32[0] = bits << 16;
  return f32[0];
}
