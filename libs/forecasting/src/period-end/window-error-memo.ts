import type { Forecaster } from '../core/forecast.types';
import { seriesFingerprint } from '../core/series-fingerprint';
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
  const origins = `${limits.max}/${limits.min}/${limits.minTrain}/${limits.fits ?? 'each'}/${limits.scale ?? 'absolute'}`;
  return `${forecaster.name}|m${m}|h${h}|${origins}|${floor ? 'floor' : 'free'}|${windows}|${series.length}:${seriesFingerprint(series)}`;
}
