/** An item a write refused for good, with the refusal. */
export interface RefusedItem<T> {
  item: T;
  error: unknown;
}

/**
 * Writes `items` in one call of `write`; a call refused for good (`refusedForGood`: the data is refused, a retry
 * would fail the same way) is split in halves until the refused items are alone, so about 2·log2(n) calls find one
 * poison item among n and everything else is written. Any other failure propagates (the caller retries).
 * Resolves with what the calls returned, in item order, and the refused items.
 */
export async function writeAroundRefused<T, R>(
  items: readonly T[],
  write: (part: T[]) => Promise<readonly R[]>,
  refusedForGood: (error: unknown) => boolean,
): Promise<{ written: R[]; refused: RefusedItem<T>[] }> {
  const written: R[] = [];
  const refused: RefusedItem<T>[] = [];
  const attempt = async (part: T[]): Promise<void> => {
    try {
      for (const result of await write(part)) written.push(result);
    } catch (error) {
      if (!refusedForGood(error)) throw error;
      if (part.length === 1) {
        refused.push({ item: part[0], error });
        return;
      }
      const half = Math.ceil(part.length / 2);
      await attempt(part.slice(0, half));
      await attempt(part.slice(half));
    }
  };
  if (items.length > 0) await attempt([...items]);
  return { written, refused };
}
