import { seasonalityTest } from '../seasonality-test';
import { EtsFit, EtsSeason, EtsSpec, EtsTrend } from './ets.types';
import { fitEts } from './ets-model';

export interface AutoEtsOptions {
  /** Restrict the trend types tried (default N, A, Ad). */
  trends?: readonly EtsTrend[];
  /** Restrict the season types tried (default N, A, M when the data allow). */
  seasons?: readonly EtsSeason[];
  /** Allow multiplicative errors (default: when all values are positive). */
  multiplicative?: boolean;
  /** Try only seasonal models when the 90 % ACF test says seasonal, only non-seasonal ones otherwise. */
  seasonTest?: boolean;
}

/** What of the options autoEts reads, with the season, as a key of its fits (a forecaster's own options are not). */
export function autoEtsOptionsKey(m: number, o: AutoEtsOptions): string {
  return `${m}|${o.trends?.join('') ?? '-'}|${o.seasons?.join('') ?? '-'}|${o.multiplicative ?? '-'}|${o.seasonTest ?? false}`;
}

/**
 * The candidate models, as R's ets() by default: no multiplicative trend, and no additive error
 * with multiplicative season (numerically unstable). Multiplicative parts need strictly positive data;
 * seasonal models need m > 1, m <= 24... and at least 3 full seasons for the initial states.
 */
export function candidateSpecs(y: readonly number[], m: number, options: AutoEtsOptions = {}): EtsSpec[] {
  const positive = y.every((v) => v > 0);
  const seasonalOk = m > 1 && m <= 24 && y.length >= 3 * m;
  const trends = options.trends ?? ['N', 'A', 'Ad'];
  const tested = options.seasonTest && m > 1 ? (seasonalityTest(y, m).seasonal ? ['A', 'M'] : ['N']) : undefined;
  const seasons = (options.seasons ?? (tested as EtsSeason[] | undefined) ?? ['N', 'A', 'M']).filter(
    (s) => s === 'N' || (seasonalOk && (s === 'A' || positive)),
  );
  const errors = options.multiplicative === false || !positive ? (['A'] as const) : (['A', 'M'] as const);
  const specs: EtsSpec[] = [];
  for (const error of errors) {
    for (const trend of trends) {
      for (const season of seasons) {
        if (error === 'A' && season === 'M') continue;
        specs.push({ error, trend, season });
      }
    }
  }
  return specs;
}

/** Fits every candidate and keeps the lowest AICc. */
export function autoEts(y: readonly number[], m: number, options: AutoEtsOptions = {}): EtsFit | undefined {
  let best: EtsFit | undefined;
  for (const spec of candidateSpecs(y, m, options)) {
    const fit = fitEts(y, spec, m);
    if (fit && (!best || fit.aicc < best.aicc)) best = fit;
  }
  return best;
}
