import type { AutoEtsOptions } from './auto-ets';
import type { EtsFit } from './ets.types';

/**
 * Series whose fits are kept. One KPI's forecast asks for the same fit up to three times within a few calls: the
 * method choice fits ETS at each of its 3 origins as a candidate and again inside the ensemble, the global model's
 * verdict refits at the first origin, and each projection fits the whole series again.
 */
const KEPT = 8;

interface Entry {
  key: string;
  y: readonly number[];
  fit: EtsFit | undefined;
}

/** What of the options autoEts reads (the forecaster's own options, such as its sigma rule, are not). */
export function autoEtsOptionsKey(m: number, o: AutoEtsOptions): string {
  return `${m}|${o.trends?.join('') ?? '-'}|${o.seasons?.join('') ?? '-'}|${o.multiplicative ?? '-'}|${o.seasonTest ?? false}`;
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * The automatic ETS fits of the last few series: a fit asked for again with the same options, season and values
 * (compared one by one, so a kept fit is exactly the one that would be made) is handed back instead of made again.
 * Fits are never changed once made (moving one to another origin copies it), so sharing them is safe.
 */
export class RecentEtsFits {
  private readonly entries: Entry[] = [];

  constructor(private readonly kept = KEPT) {}

  fit(y: readonly number[], m: number, options: AutoEtsOptions, make: () => EtsFit | undefined): EtsFit | undefined {
    const key = autoEtsOptionsKey(m, options);
    const at = this.entries.findIndex((e) => e.key === key && sameValues(e.y, y));
    if (at >= 0) {
      const [entry] = this.entries.splice(at, 1);
      this.entries.unshift(entry);
      return entry.fit;
    }
    const fit = make();
    this.entries.unshift({ key, y: y.slice(), fit });
    if (this.entries.length > this.kept) this.entries.pop();
    return fit;
  }
}
