import type { HealthCheckResult } from '@bsc/app-kit';
import type { ForecastCycleMetrics, ForecastCycleOutcome } from './forecast-cycle.metrics';

/** The schedule's bounds the health check reads (milliseconds). */
export interface ForecastProgressBounds {
  initialDelayMs: number;
  intervalMs: number;
  /** How long past its due time a cycle may be missing, and how long one may run, before health degrades. */
  stallAfterMs: number;
}

interface Failure {
  at: number;
  error: string;
}

/**
 * Whether forecasts keep coming: the cycles this process runs (started, ended) and forecasts stored by any process
 * (scaled out, other replicas' runs are announced). Degraded once a cycle has run longer than the stall bound (a
 * hung job is only ended after FORECAST_JOB_TIMEOUT_MS), or once nothing has been stored for longer than the next
 * cycle was due plus that bound (cycles failing, or none started). Reports each cycle to the metrics as well.
 */
export class ForecastProgress {
  private readonly since: number;
  private storedAt: number | null = null;
  /** Start times of the cycles running here, by cycle. */
  private readonly running = new Map<number, number>();
  private cycles = 0;
  private failures = 0;
  private lastFailure: Failure | null = null;

  constructor(
    private readonly bounds: ForecastProgressBounds,
    startedAt: number,
    private readonly metrics: ForecastCycleMetrics | null = null,
  ) {
    this.since = startedAt;
  }

  /** A cycle starts at `at`; returns the cycle to hand to {@link finished}. */
  started(at: number): number {
    this.running.set(++this.cycles, at);
    return this.cycles;
  }

  /** The cycle ended at `endedAt` (`samplesFed` when it got as far as the daily values). */
  finished(cycle: number, outcome: ForecastCycleOutcome, endedAt: number, samplesFed?: number, error?: unknown): void {
    const startedAt = this.running.get(cycle) ?? endedAt;
    this.running.delete(cycle);
    this.metrics?.finished(outcome, startedAt, endedAt, samplesFed);
    if (outcome === 'ok') {
      this.failures = 0;
      this.stored(endedAt);
      return;
    }
    this.failures += 1;
    this.lastFailure = { at: endedAt, error: error instanceof Error ? error.message : String(error) };
  }

  /** Forecasts were stored at `at`, by this process or (announced) by another. */
  stored(at: number): void {
    this.storedAt = Math.max(this.storedAt ?? at, at);
  }

  health(now: number): HealthCheckResult {
    const { initialDelayMs, intervalMs, stallAfterMs } = this.bounds;
    const oldestRunning = this.running.size > 0 ? Math.min(...this.running.values()) : null;
    const runningMs = oldestRunning === null ? null : now - oldestRunning;
    const quietMs = now - (this.storedAt ?? this.since);
    const dueMs = (this.storedAt === null ? initialDelayMs : intervalMs) + stallAfterMs;
    const detail: Record<string, unknown> = {
      lastStoredAt: this.storedAt === null ? null : new Date(this.storedAt).toISOString(),
      runningMs,
      failuresInARow: this.failures,
      lastFailure: this.lastFailure && { ...this.lastFailure, at: new Date(this.lastFailure.at).toISOString() },
    };
    const reasons: string[] = [];
    if (runningMs !== null && runningMs > stallAfterMs)
      reasons.push(`a forecast cycle has been running for ${seconds(runningMs)} s`);
    if (quietMs > dueMs)
      reasons.push(
        `no forecasts stored for ${seconds(quietMs)} s` +
          (this.storedAt === null ? ' since start' : '') +
          (this.failures > 0 ? ` (${this.failures} cycles failed in a row: ${this.lastFailure!.error})` : ''),
      );
    return reasons.length === 0
      ? { ok: true, detail }
      : { ok: false, detail: { ...detail, reason: reasons.join('; ') } };
  }
}

function seconds(ms: number): number {
  return Math.round(ms / 1_000);
}
