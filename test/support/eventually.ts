/** What a check returns while its condition is not met yet. */
type NotYet = undefined | null | false | 0 | '';

/**
 * Polls until `check` returns a truthy value and resolves to it; after the timeout throws the check's last error, or
 * one naming `what` is awaited when the check only ever came back falsy.
 */
export async function eventually<T>(
  check: () => Promise<T | NotYet> | T | NotYet,
  timeoutMs = 10_000,
  everyMs = 50,
  what = 'the condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
