import { ArimaFit, ArimaOrder, InnovationCache, fitArima } from './arima-model';
import { ndiffs } from './kpss';

const MAX_P = 5;
const MAX_Q = 5;
const MAX_STEPS = 40;

/**
 * Hyndman-Khandakar stepwise search (non-seasonal): d by KPSS, then from the best of four starting
 * models move to any neighbour (p±1, q±1, both, constant toggled) that lowers the AICc. Models are
 * estimated by Hannan-Rissanen; the winner is refined by CSS. Every order's AICc sums the residuals from
 * t = MAX_P on, one span for all (R's auto.arima likewise scores every order on one n).
 */
export function autoArima(y: readonly number[]): ArimaFit | undefined {
  const d = ndiffs(y);
  const allowConstant = d <= 1;
  const tried = new Map<string, ArimaFit | undefined>();
  const innovations: InnovationCache = new Map();
  const attempt = (o: ArimaOrder): ArimaFit | undefined => {
    if (o.p < 0 || o.q < 0 || o.p > MAX_P || o.q > MAX_Q || (o.constant && !allowConstant)) return undefined;
    const key = `${o.p},${o.q},${o.constant}`;
    if (!tried.has(key)) tried.set(key, fitArima(y, o, false, innovations, MAX_P));
    return tried.get(key);
  };
  let best: ArimaFit | undefined;
  const consider = (f: ArimaFit | undefined): boolean => {
    if (f && Number.isFinite(f.aicc) && (!best || f.aicc < best.aicc - 1e-9)) {
      best = f;
      return true;
    }
    return false;
  };
  for (const [p, q] of [
    [2, 2],
    [0, 0],
    [1, 0],
    [0, 1],
  ])
    consider(attempt({ p, d, q, constant: allowConstant }));
  for (let step = 0; step < MAX_STEPS && best; step++) {
    const { p, q, constant } = best.order;
    const moves: [number, number, boolean][] = [
      [p - 1, q, constant],
      [p + 1, q, constant],
      [p, q - 1, constant],
      [p, q + 1, constant],
      [p - 1, q - 1, constant],
      [p + 1, q + 1, constant],
      [p - 1, q + 1, constant],
      [p + 1, q - 1, constant],
      [p, q, !constant],
    ];
    let improved = false;
    for (const [np, nq, c] of moves) if (consider(attempt({ p: np, d, q: nq, constant: c }))) improved = true;
    if (!improved) break;
  }
  return best && (fitArima(y, best.order, true, innovations, MAX_P) ?? best);
}
