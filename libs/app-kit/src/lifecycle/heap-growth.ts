import { setFlagsFromString } from 'node:v8';

/**
 * Sets how far V8 lets the old generation grow past what survived the last full collection before it starts the
 * next one, in percent (V8's `--heap-growing-percent`, read at every full collection, so it can be set once the
 * process runs); 0 leaves V8's own choice, which on a machine with a few GB lets a busy heap reach about four times
 * its live size: at 100k signals the ingestion kept some 450 MB alive and reached 1.3 GB resident. Unlike a heap
 * ceiling (`--max-old-space-size`), it never fails an allocation: a heap that really needs more keeps growing, only
 * collected sooner. The price is more full collections (marking runs beside the program, on a helper thread).
 */
export function applyHeapGrowth(percent: number): void {
  if (!Number.isInteger(percent) || percent < 0)
    throw new RangeError(`heap growth must be a whole percent ≥ 0 (got ${percent})`);
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
