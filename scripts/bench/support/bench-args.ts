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
