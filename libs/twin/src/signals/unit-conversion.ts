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

/** Linear conversions a*x + b between canonical units; the reverse of each is derived. */
const LINEAR: ReadonlyArray<readonly [from: string, to: string, a: number, b: number]> = [
  ['Wh', 'kWh', 1e-3, 0],
  ['kWh', 'MWh', 1e-3, 0],
  ['Wh', 'MWh', 1e-6, 0],
  ['W', 'kW', 1e-3, 0],
  ['kW', 'MW', 1e-3, 0],
  ['degF', 'degC', 5 / 9, -32 * (5 / 9)],
  ['K', 'degC', 1, -273.15],
  ['ms', 's', 1e-3, 0],
  ['s', 'min', 1 / 60, 0],
  ['s', 'h', 1 / 3600, 0],
  ['min', 'h', 1 / 60, 0],
  ['%', '1', 1e-2, 0],
  ['g', 'kg', 1e-3, 0],
  ['kg', 't', 1e-3, 0],
  ['mm', 'm', 1e-3, 0],
  ['Pa', 'kPa', 1e-3, 0],
  ['kPa', 'bar', 1e-2, 0],
  ['L', 'm3', 1e-3, 0],
];

const TABLE = new Map<string, UnitConverter>();
for (const [from, to, a, b] of LINEAR) {
  TABLE.set(`${from}>${to}`, (x) => a * x + b);
  TABLE.set(`${to}>${from}`, (x) => (x - b) / a);
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
