import type { RawSampleInput, SampleQuality, SignalSample } from '@bsc/common';
import type { SignalCatalog } from './signal-catalog';

/** Stable reason codes of rejected samples (dead letters and `bsc_samples_rejected_total{reason}`). */
export const REJECT_REASONS = [
  'unknown_signal',
  'wrong_type',
  'not_a_number',
  'out_of_range',
  'invalid_timestamp',
  'ts_in_future',
  'ts_too_old',
  'invalid_quality',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface ValidationLimits {
  /** How far ahead of the receiver's clock a source timestamp may be (clock skew), ms. */
  maxFutureMs: number;
  /** How far back a source timestamp may be, ms. */
  maxPastMs: number;
}

export type ValidationOutcome = { ok: true; sample: SignalSample } | { ok: false; reason: RejectReason; detail: string };

const QUALITIES: ReadonlySet<string> = new Set<SampleQuality>(['good', 'uncertain', 'bad']);

/** Checks one decoded sample against the model and converts it to the model unit. Pure; never throws. */
export function validateSample(raw: RawSampleInput, catalog: SignalCatalog, now: number, limits: ValidationLimits): ValidationOutcome {
  const signal = catalog.get(raw.signalId);
  if (!signal) return reject('unknown_signal', `signal '${raw.signalId}' is not in model version ${catalog.modelVersion}`);
  const ts = raw.ts;
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0) return reject('invalid_timestamp', `timestamp ${String(ts)} is not epoch milliseconds`);
  if (ts > now + limits.maxFutureMs) return reject('ts_in_future', `timestamp ${new Date(ts).toISOString()} is more than ${limits.maxFutureMs} ms ahead`);
  if (ts < now - limits.maxPastMs) return reject('ts_too_old', `timestamp ${new Date(ts).toISOString()} is more than ${limits.maxPastMs} ms old`);
  const quality = raw.quality ?? 'good';
  if (!QUALITIES.has(quality)) return reject('invalid_quality', `quality '${String(quality)}' is not good, uncertain or bad`);

  let value: number;
  const v = raw.value;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return reject('not_a_number', `value ${v} is not finite`);
    if (signal.dataType === 'bool' && v !== 0 && v !== 1) return reject('wrong_type', `value ${v} is not a boolean (0/1)`);
    if (signal.dataType === 'int' && !Number.isInteger(v)) return reject('wrong_type', `value ${v} is not an integer`);
    if (signal.dataType === 'string') return reject('wrong_type', 'string signals are not stored as samples');
    value = v;
  } else if (typeof v === 'boolean' && signal.dataType === 'bool') {
    value = v ? 1 : 0;
  } else {
    return reject('wrong_type', `value of type ${v === null ? 'null' : typeof v} for a ${signal.dataType} signal`);
  }
  // The model's range is in the model unit, so it is checked after conversion.
  if (signal.convert) value = signal.convert(value);
  if (value < signal.min || value > signal.max) {
    return reject('out_of_range', `value ${value} outside [${signal.min}, ${signal.max}] of '${signal.id}'`);
  }
  return { ok: true, sample: { signalId: signal.id, ts, value, quality, source: raw.source } };
}

function reject(reason: RejectReason, detail: string): ValidationOutcome {
  return { ok: false, reason, detail };
}
