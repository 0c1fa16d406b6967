/**
 * Rounds half away from zero at `digits` decimals (clamped to 0..15), as the decimal `x` stands for.
 *
 * While 15 significant digits reach below the rounded digit (under 10^14 units of it), that decimal is x cut to 15
 * significant digits: the cut strips binary noise (1.005 is stored as 1.00499999999999989…, 1.005 × 100 gives
 * 100.49999999999999) and arithmetic noise alike. From there on such a cut would change the kept digits
 * themselves, so the decimal is the shortest one that reads back as x, rounded exactly.
 */
export function roundHalfAwayFromZero(x: number, digits = 0): number {
  const d = Math.min(15, Math.max(0, Math.trunc(digits)));
  const factor = 10 ** d;
  const scaled = Math.abs(x) * factor;
  if (scaled < NOISE_CUT_BELOW) return (Math.sign(x) * Math.round(Number(scaled.toPrecision(15)))) / factor;
  // Steps of 10^-d no wider than the gaps between doubles here: x is the double nearest its rounded value.
  if (!(scaled < 2 ** 53)) return x;
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e');
  const significand = mantissa.replace('.', '');
  // how many of those digits lie at or above 10^-d
  const keep = Number(exponent) + 1 + d;
  if (keep >= significand.length) return x;
  // below 2^53 units of 10^-d, so exact; one division then gives the double nearest the decimal
  const units = Number(significand.slice(0, keep)) + (significand[keep] >= '5' ? 1 : 0);
  return (Math.sign(x) * units) / factor;
}

/** 15 significant digits of the scaled value reach below its units digit only under 10^14. */
const NOISE_CUT_BELOW = 1e14;
