const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** Parses the model's duration shorthand ("500ms", "15m", "1h", "7d", "2w"); null when malformed. */
export function parseDuration(text: string): number | null {
  const match = DURATION_RE.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** Like parseDuration but throws, for values that were already validated. */
export function durationMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === null) throw new Error(`invalid duration '${text}' (expected e.g. 500ms, 30s, 15m, 1h, 1d, 1w)`);
  return ms;
}
