import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { InvalidJobError, JetStreamWorkQueue } from '@bsc/events';

export const FORECAST_QUEUE = Symbol('FORECAST_QUEUE');

/** One KPI's forecast for the period in force at `runId`'s time, or (kpiId null) the objective link estimates. */
export interface ForecastJob {
  runId: string;
  kpiId: string | null;
}

export interface ForecastQueueOptions {
  url: string;
  replicas?: number;
  /** Stream and subject of the queue (tests keep theirs apart). */
  stream?: string;
  subject?: string;
}

/** A job as the scheduler enqueues it; anything else on the subject is refused (and dropped by the queue). */
export function toForecastJob(value: unknown): ForecastJob {
  const job = value as Partial<ForecastJob> | null;
  if (typeof job !== 'object' || job === null || typeof job.runId !== 'string')
    throw new Error('not a forecast job: a run id is missing');
  if (job.kpiId !== null && (typeof job.kpiId !== 'string' || job.kpiId === ''))
    throw new Error(`not a forecast job: KPI id ${String(JSON.stringify(job.kpiId))}`);
  return { runId: job.runId, kpiId: job.kpiId };
}

const STREAM = 'BSC_FORECAST_JOBS';
const SUBJECT = 'bsc.forecast.jobs';
/** A forecast batch reports progress every third of this; silence this long means its worker died. */
const ACK_WAIT_MS = 60_000;
/**
 * Jobs a worker fits together: their forecasts are stored and announced together (a run's batches share one update
 * of the daily values, see batchRuns).
 */
const JOBS_PER_BATCH = 16;

/**
 * Forecast jobs spread over the API replicas through a JetStream work queue: the elected scheduler enqueues one
 * job per KPI, every replica pulls batches and acknowledges them once the forecasts are stored.
 */
export class ForecastQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(ForecastQueue.name);
  private consumer?: { stop: () => Promise<void> };

  private constructor(
    private readonly nc: NatsConnection,
    private readonly queue: JetStreamWorkQueue<ForecastJob>,
  ) {}

  static async connect(options: ForecastQueueOptions): Promise<ForecastQueue> {
    const nc = await connect({ servers: options.url.split(','), name: 'bsc-forecast-queue', maxReconnectAttempts: -1 });
    const queue = await JetStreamWorkQueue.open<ForecastJob>(nc, {
      stream: options.stream ?? STREAM,
      subject: options.subject ?? SUBJECT,
      ackWaitMs: ACK_WAIT_MS,
      replicas: options.replicas,
      validate: toForecastJob,
    });
    return new ForecastQueue(nc, queue);
  }

  /** One job per KPI (and one for the links); a run id queued twice (a scheduler's successor) counts once. */
  async enqueueRun(kpiIds: readonly string[], links: boolean, runId: string): Promise<number> {
    let queued = 0;
    for (const kpiId of [...kpiIds, ...(links ? [null] : [])])
      if (await this.queue.enqueue({ runId, kpiId }, `${runId}:${kpiId ?? '*links'}`)) queued += 1;
    return queued;
  }

  /** Jobs no replica has taken yet. */
  pending(): Promise<number> {
    return this.queue.pending();
  }

  /**
   * Starts pulling batches; `handle` stores the forecasts before the batch is acknowledged, once per run in the
   * batch with the run's time (its id: when the scheduler started it; undefined for an id that is no time).
   */
  work(handle: (kpiIds: string[], links: boolean, runAt: number | undefined) => Promise<void>): void {
    this.consumer ??= this.queue.consume(
      async (jobs) => {
        for (const run of batchRuns(jobs)) await handle(run.kpiIds, run.links, run.runAt);
      },
      {
        batch: JOBS_PER_BATCH,
        onError: (error) =>
          error instanceof InvalidJobError
            ? this.logger.error({ err: error }, 'dropped a message that is no forecast job')
            : this.logger.warn({ err: error }, 'forecast jobs failed; they come again'),
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

/** A pulled batch's jobs by run, in the order the runs first appear: each run's KPIs, whether its links, its time. */
export function batchRuns(
  jobs: readonly ForecastJob[],
): Array<{ kpiIds: string[]; links: boolean; runAt: number | undefined }> {
  const runs = new Map<string, ForecastJob[]>();
  for (const job of jobs) {
    const run = runs.get(job.runId);
    if (run) run.push(job);
    else runs.set(job.runId, [job]);
  }
  return [...runs].map(([runId, run]) => {
    const runAt = runId.trim() === '' ? NaN : Number(runId);
    return {
      kpiIds: [...new Set(run.flatMap((j) => (j.kpiId === null ? [] : [j.kpiId])))],
      links: run.some((j) => j.kpiId === null),
      runAt: Number.isFinite(runAt) ? runAt : undefined,
    };
  });
}
