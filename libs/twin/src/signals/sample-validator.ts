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

export type ValidationOutcome =
  { ok: true; sample: SignalSample } | { ok: false; reason: RejectReason; detail: string };

const QUALITIES: ReadonlySet<string> = new Set<SampleQuality>(['good', 'uncertain', 'bad']);

/** Checks one decoded sample against the model and converts it to the model unit. Pure; never throws. */
export function validateSample(
  raw: RawSampleInput,
  catalog: SignalCatalog,
  now: number,
  limits: ValidationLimits,
): ValidationOutcome {
  const signal = catalog.get(raw.signalId);
  if (!signal)
    return reject('unknown_signal', `signal '${raw.signalId}' is not in model version ${catalog.modelVersion}`);
  const ts = raw.ts;
  if (typeof ts !== 'number' || !Number.isSafeInteger(ts) || ts < 0)
    return reject('invalid_timestamp', `timestamp ${String(ts)} is not epoch milliseconds`);
  if (ts > now + limits.maxFutureMs)
    return reject(
      'ts_in_future',
      `timestamp ${new Date(ts).toISOString()} is more than ${limits.maxFutureMs} ms ahead`,
    );
  if (ts < now - limits.maxPastMs)
    return reject('ts_too_old', `timestamp ${new Date(ts).toISOString()} is more than ${limits.maxPastMs} ms old`);
  const quality = raw.quality ?? 'good';
  if (!QUALITIES.has(quality))
    return reject('invalid_quality', `quality '${String(quality)}' is not good, uncertain or bad`);

  let v = raw.value;
  const statusCode = raw.statusCode;
  const base = {
    signalId: signal.id,
    ts,
    quality,
    source: raw.source,
    ...(statusCode !== undefined && { statusCode }),
  };
  // A Bad or Uncertain status without a value is still an observation: the signal is known not to be good then.
  if ((v === null || v === undefined) && quality !== 'good') return { ok: true, sample: { ...base, value: NaN } };
  if (signal.dataType === 'string') {
    const text = toText(v);
    if (text === undefined)
      return reject('wrong_type', `value of type ${v === null ? 'null' : typeof v} for a string signal`);
    if (text.length > MAX_TEXT_LENGTH)
      return reject('out_of_range', `text of ${text.length} characters is longer than ${MAX_TEXT_LENGTH}`);
    return { ok: true, sample: { ...base, value: NaN, text } };
  }

  let value: number;
  if (typeof v === 'bigint') {
    // 64-bit integers (OPC UA, Sparkplug) are stored as doubles only when the double is the value sent.
    const exact = exactDouble(v);
    if (exact === undefined)
      return reject(
        'out_of_range',
        `integer ${v} cannot be stored exactly: a double holds every integer only up to ±2^53`,
      );
    v = exact;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return reject('not_a_number', `value ${v} is not finite`);
    if (signal.dataType === 'bool' && v !== 0 && v !== 1)
      return reject('wrong_type', `value ${v} is not a boolean (0/1)`);
    value = v;
  } else if (typeof v === 'boolean' && signal.dataType === 'bool') {
    value = v ? 1 : 0;
  } else {
    return reject('wrong_type', `value of type ${v === null ? 'null' : typeof v} for a ${signal.dataType} signal`);
  }
  // Type and range are the model's, of the value stored in the model unit: checked after conversion.
  if (signal.convert) {
    value = signal.convert(value);
    if (!Number.isFinite(value)) return reject('not_a_number', `value ${v} converts to ${value}, not finite`);
  }
  if (signal.dataType === 'int' && !Number.isInteger(value))
    return reject('wrong_type', `value ${value} is not an integer`);
  if (value < signal.min || value > signal.max) {
    return reject('out_of_range', `value ${value} outside [${signal.min}, ${signal.max}] of '${signal.id}'`);
  }
  return { ok: true, sample: { ...base, value } };
}

/** The double equal to an integer, or undefined when none is (beyond ±2^53 most integers fall between two doubles). */
function exactDouble(value: bigint): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && BigInt(n) === value ? n : undefined;
}

/** Longest text a string signal stores per sample (a status word, a batch id, a recipe name: not a document). */
export const MAX_TEXT_LENGTH = 1_024;

/** Text of a string signal's value; dates as ISO 8601. NUL characters, which PostgreSQL refuses in text, become U+FFFD. */
function toText(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    text = value.toISOString();
  } else return undefined;
  return text.replaceAll('\u0000', '\ufffd');
}

function reject(reason: RejectReason, detail: string): ValidationOutcome {
  return { ok: false, reason, detail };
}
