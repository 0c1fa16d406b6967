/** The benches' command line: `--name value` options and `--name` flags, read the same way by every script. */

/** The value after `--name`, undefined when the option is not given. */
export function argText(name: string, argv: readonly string[] = process.argv): string | undefined {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** The value after `--name`, or `fallback`. */
export function argString(name: string, fallback: string, argv: readonly string[] = process.argv): string {
  return argText(name, argv) ?? fallback;
}

/** The number after `--name`, or `fallback` (NaN when the value given is not a number: the bench says so). */
export function argNumber(name: string, fallback: number, argv: readonly string[] = process.argv): number {
  const text = argText(name, argv);
  return text === undefined ? fallback : Number(text);
}

/** Whether the flag `--name` is given. */
export function hasFlag(name: string, argv: readonly string[] = process.argv): boolean {
  return argv.includes(`--${name}`);
}

/** Those of `all` that the comma-separated `--name` lists (all of them when it is not given), in `all`'s order. */
export function argChoices<T extends string>(
  name: string,
  all: readonly T[],
  argv: readonly string[] = process.argv,
): T[] {
  const text = argText(name, argv);
  if (text === undefined) return [...all];
  const listed = text.split(',');
  return all.filter((choice) => listed.includes(choice));
}
