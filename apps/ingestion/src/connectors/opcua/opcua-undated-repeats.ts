import type { RawSampleInput } from '../../pipeline/sample-intake.port';

type Reading = Pick<RawSampleInput, 'signalId' | 'value' | 'quality' | 'statusCode'>;

/**
 * Notifications without a source timestamp are dated by the server, so the current value a re-created item reports
 * first (after a reconnect, or its batch re-made on a model change) would be stored as a second reading at a new
 * time. Under our data change triggers (status, value, and source timestamp) such a notification with the last
 * value and status is no change: only that first report. Dated ones repeat their time and the pipeline sees the
 * duplicate, so only undated readings are remembered, one per signal.
 */
export class UndatedRepeats {
  private readonly last = new Map<string, string>();

  /** True for an undated notification with the value and status of the signal's last undated one. */
  isRepeat(sample: Reading, dated: boolean): boolean {
    if (dated) {
      if (this.last.size > 0) this.last.delete(sample.signalId);
      return false;
    }
    const reading = `${sample.quality}|${String(sample.statusCode)}|${typeof sample.value}|${valueText(sample.value)}`;
    if (this.last.get(sample.signalId) === reading) return true;
    this.last.set(sample.signalId, reading);
    return false;
  }

  forget(signalIds: Iterable<string>): void {
    for (const id of signalIds) this.last.delete(id);
  }
}

/** Dates to the millisecond (their String() stops at the second). */
function valueText(value: unknown): string {
  return value instanceof Date ? String(value.getTime()) : String(value);
}
