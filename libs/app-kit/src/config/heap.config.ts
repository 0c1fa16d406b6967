import { IsInt, Max, Min } from 'class-validator';

/**
 * The one variable every process applies before it does anything else (apps and the `bsc` CLI alike), in a class of
 * its own so the CLI can read it without validating the variables of commands it is not running.
 */
export class HeapConfig {
  /**
   * Percent the V8 heap may grow past what survived its last full collection before the next one (applyHeapGrowth):
   * bounds resident memory at about (1 + percent/100) times the live heap, for more frequent collections; 0 = V8's
   * own choice (up to four times the live heap on a large machine).
   */
  @IsInt()
  @Min(0)
  @Max(300)
  HEAP_GROWTH_PERCENT: number = 50;
}
