import { fromBfloat16, toBfloat16 } from './bfloat16';

describe('bfloat16', () => {
  it('keeps values with at most 8 significant bits exactly', () => {
    // 1 = 0x3f80_0000 in float32; 100 = 1.5625 · 2^6 = 0x42c8_0000; −2 = 0xc000_0000; 0 and ∞ keep their bits
    expect([1, 100, -2, 0, Infinity].map(toBfloat16)).toEqual([0x3f80, 0x42c8, 0xc000, 0, 0x7f80]);
    expect([0x3f80, 0x42c8, 0xc000, 0, 0x7f80].map(fromBfloat16)).toEqual([1, 100, -2, 0, Infinity]);
  });

  it('rounds to nearest, ties to even', () => {
    // 0.1 in float32 is 0x3dcc_cccd: the dropped 0xcccd is over half → 0x3dcd = (1 + 77/128) · 2^−4 = 0.10009765625
    expect(fromBfloat16(toBfloat16(0.1))).toBe(0.10009765625);
    // 1 + 2^−8 is exactly half-way between 1 and 1 + 2^−7: ties go to the even 1
    expect(fromBfloat16(toBfloat16(1 + 2 ** -8))).toBe(1);
    // 1 + 3·2^−8 is half-way between 1 + 2^−7 (odd) and 1 + 2^−6 (even): up to 1.015625
    expect(fromBfloat16(toBfloat16(1 + 3 * 2 ** -8))).toBe(1.015625);
  });

  it('stays within 2^−8 of the value across magnitudes', () => {
    // half the spacing of 7 mantissa bits relative to the value: 2^−8 at most
    for (const v of [3.14159, 1e-20, 12345.678, 7.7e12]) {
      expect(Math.abs(fromBfloat16(toBfloat16(v)) - v) / v).toBeLessThanOrEqual(2 ** -8);
    }
  });
});
