import { randomAt } from '../random/seeded-random';
import { LINE_IDS, TPM_END, TPM_START, type LineSpec } from './line-spec';
import { HOUR_MS, MINUTE_MS, hourIndex, ramp } from './sim-time';

export interface Incident {
  start: number;
  end: number;
}

interface HourIncidents {
  stoppages: Incident[];
  bursts: Incident[];
}

/** Stoppage chance reduction reached at the end of TPM (30 % fewer breakdowns). */
const TPM_STOPPAGE_CUT = 0.3;
const CACHE_LIMIT = 20_000;

/**
 * Incidents are drawn per (line, hour) from a key-derived random stream: the same hour always gets the same
 * incident, whatever the step the simulation advances with. Per hour we keep the incidents that overlap it
 * (including long ones that started hours earlier), so a lookup is a scan of a tiny list.
 */
export class PlantIncidents {
  private readonly overlapping = new Map<number, HourIncidents>();
  private readonly started = new Map<number, HourIncidents>();

  constructor(private readonly seed: number) {}

  isStopped(spec: LineSpec, ts: number): boolean {
    return this.overlappingHour(spec, hourIndex(ts)).stoppages.some((i) => i.start <= ts && ts < i.end);
  }

  /** Extra scrap share at `ts` (0 outside bursts). */
  scrapBurstRate(spec: LineSpec, ts: number): number {
    return this.overlappingHour(spec, hourIndex(ts)).bursts.some((i) => i.start <= ts && ts < i.end)
      ? spec.scrapBurst.rate
      : 0;
  }

  /** Burst hours of a line in [from, to), for the business side (complaints follow scrap). */
  burstHours(spec: LineSpec, from: number, to: number): number {
    let total = 0;
    for (let h = hourIndex(from); h < hourIndex(to); h += 1) {
      for (const burst of this.startedIn(spec, h).bursts) total += (burst.end - burst.start) / HOUR_MS;
    }
    return total;
  }

  /** Unplanned stoppage hours started in [from, to). */
  stoppageHours(spec: LineSpec, from: number, to: number): number {
    let total = 0;
    for (let h = hourIndex(from); h < hourIndex(to); h += 1) {
      for (const stop of this.startedIn(spec, h).stoppages) total += (stop.end - stop.start) / HOUR_MS;
    }
    return total;
  }

  private overlappingHour(spec: LineSpec, hour: number): HourIncidents {
    const key = hour * LINE_IDS.length + LINE_IDS.indexOf(spec.id);
    const cached = this.overlapping.get(key);
    if (cached) return cached;
    const lookback = Math.ceil(Math.max(spec.stoppageMinutes.max / 60, spec.scrapBurst.hours * 1.5));
    const hourStart = hour * HOUR_MS;
    const hourEnd = hourStart + HOUR_MS;
    const result: HourIncidents = { stoppages: [], bursts: [] };
    for (let h = hour - lookback; h <= hour; h += 1) {
      const { stoppages, bursts } = this.startedIn(spec, h);
      result.stoppages.push(...stoppages.filter((i) => i.end > hourStart && i.start < hourEnd));
      result.bursts.push(...bursts.filter((i) => i.end > hourStart && i.start < hourEnd));
    }
    return remember(this.overlapping, key, result);
  }

  private startedIn(spec: LineSpec, hour: number): HourIncidents {
    const key = hour * LINE_IDS.length + LINE_IDS.indexOf(spec.id);
    const cached = this.started.get(key);
    if (cached) return cached;
    const start = hour * HOUR_MS;
    const result: HourIncidents = { stoppages: [], bursts: [] };
    const random = randomAt(this.seed, 'incidents', spec.id, hour);
    const tpmCut = spec.tpm ? 1 - TPM_STOPPAGE_CUT * ramp(start, TPM_START, TPM_END) : 1;
    if (random.chance(spec.stoppagePerHour * tpmCut)) {
      // Log-normal durations: most stoppages are short, a few take hours.
      const minutes = Math.min(
        spec.stoppageMinutes.max,
        Math.max(3, spec.stoppageMinutes.median * Math.exp(0.8 * random.normal())),
      );
      const at = start + random.next() * HOUR_MS;
      result.stoppages.push({ start: at, end: at + minutes * MINUTE_MS });
    }
    if (random.chance(spec.scrapBurst.perHour)) {
      const at = start + random.next() * HOUR_MS;
      result.bursts.push({ start: at, end: at + spec.scrapBurst.hours * random.between(0.5, 1.5) * HOUR_MS });
    }
    return remember(this.started, key, result);
  }
}

/** Bounded memo: the live run asks about the same few hours every second, the backfill walks forward. */
function remember<T>(cache: Map<number, T>, key: number, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as number);
  cache.set(key, value);
  return value;
}
