import type { KpiValue } from '@bsc/common';
import type { Evaluation } from './kpi-evaluator';

/** True when a re-evaluation would not change what consumers see (computedAt aside). */
export function sameEvaluation(previous: KpiValue, next: Evaluation): boolean {
  return (
    previous.value === next.value &&
    previous.asOf === next.asOf &&
    previous.quality.coverage === next.quality.coverage &&
    previous.quality.stale === next.quality.stale &&
    previous.quality.quality === next.quality.quality
  );
}
