import type { Forecaster } from '../core/forecast.types';
import type { OriginLimits, WindowSpan } from './period-windows';

export interface WindowErrorInputs {
  series: readonly number[];
  h: number;
  spans: readonly WindowSpan[];
  /** Identified by name: a pool's forecasters are deterministic and named apart. */
  forecaster: Forecaster;
  m: number;
  limits: OriginLimits;
  floor: boolean;
}

/**
 * What windowErrors' result depends on, as a key: the forecaster, season, horizon, origin limits, floor, the
 * windows, and the series by its length and a 64-bit fingerprint of its values (a day more or a corrected day
 * gives another key). The errors do not depend on today's partial step nor on the target.
 */
export function windowErrorsKey(inputs: WindowErrorInputs): string {
  const { series, h, spans, forecaster, m, limits, floor } = inputs;
  const windows = spans.map((w) => `${w.offset}+${w.length}${w.agg}`).join(',');
  const origins = `${limits.max}/${limits.min}/${limits.minTrain}/${limits.fits ?? 'each'}`;
  return `${forecaster.name}|m${m}|h${h}|${origins}|${floor ? 'floor' : 'free'}|${windows}|${series.length}:${seriesFingerprint(series)}`;
}

/**
 * Two independent 32-bit FNV-1a lanes over the values' IEEE 754 bytes (every bit of every value counts): what keys
 * of results computed from a series (its errors, its method choice) hold of it.
 */
export function seriesFingerprint(values: readonly number[]): string {
  const words = new Uint32Array(Float64Array.from(values).buffer);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ values.length;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[words.length - 1 - i], 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}
