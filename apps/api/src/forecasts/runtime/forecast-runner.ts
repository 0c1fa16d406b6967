import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PersistenceConfig } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import { ForecastSession, type ForecastRequest, type ForecastRunOutput } from './forecast-session';
import type { ForecastWorkerData, ForecastWorkerReply, ForecastWorkerRequest } from './forecast-worker-protocol';

const WORKER_FILE = join(__dirname, 'forecast.worker.js');
/** A job still running after this long is taken as hung: its worker is ended and replaced at the next job. */
export const FORECAST_JOB_TIMEOUT_MS = 30 * 60_000;

/** Runs forecast jobs one at a time, with the model in force and the memos the runs hand each other. */
export interface ForecastRunner {
  run(model: TwinModel, request: ForecastRequest): Promise<ForecastRunOutput>;
  /** Ends the worker; jobs not finished are rejected. */
  close(): Promise<void>;
}

/** The main thread's side of a forecast worker (node's Worker, or a stand-in in tests). */
export interface ForecastWorker {
  postMessage(message: ForecastWorkerRequest): void;
  on(event: 'message', listener: (reply: ForecastWorkerReply) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

export type ForecastWorkerFactory = (data: ForecastWorkerData) => ForecastWorker;

/**
 * A long-lived worker thread so forecasting never blocks ingestion or queries, and the model crosses to it once per
 * version instead of once per job. In-process only where a worker cannot work: an in-memory SQLite database (not
 * shared across threads) or uncompiled sources (tests).
 */
export function forecastRunner(database: PersistenceConfig, workerNice = 0): ForecastRunner {
  const inMemory = !database.databaseUrl && database.sqlitePath === ':memory:';
  // in-process jobs run at the API's own priority: lowering it would lower the API's thread
  if (inMemory || !existsSync(WORKER_FILE)) return new InProcessForecastRunner(database);
  return new ThreadForecastRunner(
    database,
    (data) => new Worker(WORKER_FILE, { workerData: { ...data, nice: workerNice } }),
  );
}

/** Jobs one after another, whichever way the one before ended. */
class JobChain {
  private tail: Promise<unknown> = Promise.resolve();

  then<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class InProcessForecastRunner implements ForecastRunner {
  private session: ForecastSession | null = null;
  private readonly jobs = new JobChain();

  constructor(private readonly database: PersistenceConfig) {}

  run(model: TwinModel, request: ForecastRequest): Promise<ForecastRunOutput> {
    return this.jobs.then(() => {
      this.session ??= new ForecastSession(this.database, model);
      this.session.setModel(model);
      return this.session.run(request);
    });
  }

  /** After the job in flight: its connection closes once it is done. */
  close(): Promise<void> {
    return this.jobs.then(async () => this.session?.close());
  }
}

interface RunningJob {
  id: number;
  worker: ForecastWorker;
  resolve: (output: ForecastRunOutput) => void;
  reject: (error: Error) => void;
}

/**
 * One worker for the runner's life: it is sent the model when started and when the model changes, and keeps the
 * runs' memos. A worker that fails (an uncaught error, an exit, a hung job) rejects the running job and is replaced
 * at the next job, sent the model again and starting with empty memos (the memos only save work: a run without them
 * forecasts the same). Idle, the worker does not keep the process alive.
 */
export class ThreadForecastRunner implements ForecastRunner {
  private worker: ForecastWorker | null = null;
  /** The model the worker holds. */
  private sent: TwinModel | null = null;
  private running: RunningJob | null = null;
  private ids = 0;
  private closed = false;
  private readonly jobs = new JobChain();

  constructor(
    private readonly database: PersistenceConfig,
    private readonly spawn: ForecastWorkerFactory,
    private readonly timeoutMs = FORECAST_JOB_TIMEOUT_MS,
  ) {}

  run(model: TwinModel, request: ForecastRequest): Promise<ForecastRunOutput> {
    return this.jobs.then(() => this.execute(model, request));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.worker)
      await this.fail(this.worker, new Error('forecast worker stopped: the application is shutting down'));
  }

  private execute(model: TwinModel, request: ForecastRequest): Promise<ForecastRunOutput> {
    let timer: NodeJS.Timeout | undefined;
    return new Promise<ForecastRunOutput>((resolve, reject) => {
      if (this.closed) throw new Error('forecast worker stopped: the application is shutting down');
      const worker = this.workerFor(model);
      const id = ++this.ids;
      this.running = { id, worker, resolve, reject };
      timer = setTimeout(
        () => void this.fail(worker, new Error(`forecast job timed out after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      timer.unref();
      // a job in flight keeps the process alive (a script awaiting it), an idle worker does not
      worker.ref();
      worker.postMessage({ type: 'run', id, request });
    }).finally(() => {
      clearTimeout(timer);
      this.running = null;
      this.worker?.unref();
    });
  }

  private workerFor(model: TwinModel): ForecastWorker {
    if (this.worker) {
      if (this.sent !== model) this.worker.postMessage({ type: 'model', model });
      this.sent = model;
      return this.worker;
    }
    const worker = this.spawn({ database: this.database, model });
    worker.on('message', (reply) => {
      const job = this.running;
      if (!job || job.worker !== worker || job.id !== reply.id) return;
      if (reply.ok) job.resolve(reply.output);
      else job.reject(new Error(`forecast job failed: ${reply.error}`));
    });
    worker.on('error', (error) => void this.fail(worker, new Error(`forecast worker failed: ${error.message}`)));
    worker.on('exit', (code) => void this.fail(worker, new Error(`forecast worker exited with code ${code}`)));
    this.worker = worker;
    this.sent = model;
    return worker;
  }

  /** Rejects the worker's running job and lets the next job start a new worker. */
  private async fail(worker: ForecastWorker, error: Error): Promise<void> {
    if (this.running?.worker === worker) this.running.reject(error);
    if (this.worker !== worker) return;
    this.worker = null;
    this.sent = null;
    await worker.terminate();
  }
}
