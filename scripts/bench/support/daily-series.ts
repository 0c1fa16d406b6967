import { seededNormal } from '@bsc/common';
import type { DailySeries } from '../../../apps/api/src/forecasts/series/daily-kpi-series';

/** A daily business series: positive level, weekly rhythm, noise and a slow random drift (the forecast benches'). */
export function generatedSeries(seed: number, start: number, days: number): DailySeries {
  const draw = seededNormal(seed);
  const level = 50 + (seed % 50);
  let drift = 0;
  const values = Array.from({ length: days }, (_, d) => {
    drift += 0.2 * draw();
    return Math.max(0, level + drift + 5 * Math.sin((2 * Math.PI * d) / 7) + 2 * draw());
  });
  return { start, values };
}
