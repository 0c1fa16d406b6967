import { InvalidArgumentError } from 'commander';

/**
 * Commander parser for a count flag (`--limit 50`, `--depth 2`): anything but a plain whole number ≥ 1 stops the
 * command with an error naming the flag, rather than running with NaN (`parseInt('abc')`) or a negative bound.
 * Plain decimal digits only, as for the configuration's numbers: Number() would also take "0x10" and "1e3".
 */
export function positiveInt(text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= 1) || !Number.isSafeInteger(value))
    throw new InvalidArgumentError(`must be a positive integer, got "${text}"`);
  return value;
}
