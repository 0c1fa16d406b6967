/** Converts a value from a signal's source unit to its model unit. */
export type UnitConverter = (value: number) => number;

/** Spellings that name the same unit (a Map: a unit spelled `toString` or `constructor` is no alias). */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['°C', 'degC'],
  ['C', 'degC'],
  ['celsius', 'degC'],
  ['°F', 'degF'],
  ['F', 'degF'],
  ['fahrenheit', 'degF'],
  ['kelvin', 'K'],
  ['ratio', '1'],
  ['fraction', '1'],
  ['percent', '%'],
  ['sec', 's'],
  ['second', 's'],
  ['seconds', 's'],
  ['minute', 'min'],
  ['minutes', 'min'],
  ['hour', 'h'],
  ['hours', 'h'],
]);

/**
 * Conversions between canonical units as (x * mul + add) / div in integers; the reverse of each is derived. Exact
 * integers keep a converted value the one worked by hand: 700 Wh is 0.7 kWh, where x * 1e-3 gives 0.7000000000000001.
 */
const EXACT: ReadonlyArray<readonly [from: string, to: string, mul: number, add: number, div: number]> = [
  ['Wh', 'kWh', 1, 0, 1_000],
  ['kWh', 'MWh', 1, 0, 1_000],
  ['Wh', 'MWh', 1, 0, 1_000_000],
  ['W', 'kW', 1, 0, 1_000],
  ['kW', 'MW', 1, 0, 1_000],
  ['degF', 'degC', 5, -160, 9], // (x - 32) * 5 / 9
  ['K', 'degC', 20, -5_463, 20], // x - 273.15, with 273.15 = 5463 / 20
  ['ms', 's', 1, 0, 1_000],
  ['s', 'min', 1, 0, 60],
  ['s', 'h', 1, 0, 3_600],
  ['min', 'h', 1, 0, 60],
  ['%', '1', 1, 0, 100],
  ['g', 'kg', 1, 0, 1_000],
  ['kg', 't', 1, 0, 1_000],
  ['mm', 'm', 1, 0, 1_000],
  ['Pa', 'kPa', 1, 0, 1_000],
  ['kPa', 'bar', 1, 0, 100],
  ['L', 'm3', 1, 0, 1_000],
];

/** Most decimal places a source value is read with: beyond them it is no longer a decimal someone wrote. */
const MAX_DECIMALS = 15;

/**
 * (x * mul + add) / div for x read as the decimal it was written as (n / 10^p, the fewest places p): every step but
 * the last division is exact in integers, so the result is the true value rounded once. Values too long for that
 * fall back to floating-point steps.
 */
function exactAffine(mul: number, add: number, div: number): UnitConverter {
  return (x) => {
    let scale = 1;
    for (let p = 0; p <= MAX_DECIMALS; p++, scale *= 10) {
      const n = Math.round(x * scale);
      if (n / scale !== x) continue;
      const numerator = n * mul + add * scale;
      const denominator = div * scale;
      if (Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) return numerator / denominator;
      break;
    }
    return (x * mul + add) / div;
  };
}

const TABLE = new Map<string, UnitConverter>();
for (const [from, to, mul, add, div] of EXACT) {
  TABLE.set(`${from}>${to}`, exactAffine(mul, add, div));
  // y = (x * mul + add) / div  <=>  x = (y * div - add) / mul
  TABLE.set(`${to}>${from}`, exactAffine(div, -add, mul));
}

export function canonicalUnit(unit: string): string {
  const trimmed = unit.trim();
  return ALIASES.get(trimmed) ?? ALIASES.get(trimmed.toLowerCase()) ?? trimmed;
}

/**
 * The converter from `from` to `to`: undefined when no conversion is needed (same unit), null when the pair is
 * unknown (the model must be refused: we never guess per sample).
 */
export function unitConverter(from: string | undefined, to: string): UnitConverter | undefined | null {
  if (from === undefined) return undefined;
  const a = canonicalUnit(from);
  const b = canonicalUnit(to);
  if (a === b) return undefined;
  return TABLE.get(`${a}>${b}`) ?? null;
}
