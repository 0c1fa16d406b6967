/** Stops what a job's `start` began (timers, subscriptions); awaited before another process may start it. */
export type StopJob = () => void | Promise<void>;

/**
 * Jobs that must run once across all replicas (alert evaluation, the forecast scheduler, model watching). In a
 * single process each simply runs; scaled out, a job runs only in the process holding its lease, and another
 * replica starts it when the holder dies.
 */
export interface Singletons {
  /** False in a single process (every job runs here at once); true when replicas compete for each job. */
  readonly elected: boolean;
  /** Runs `start` while this process is the job's holder and its stop when that ends; returns a release. */
  run(name: string, start: () => StopJob | Promise<StopJob>): () => Promise<void>;
}

export const SINGLETONS = Symbol('SINGLETONS');

/** The single-process default: every job is this process's. */
export class LocalSingletons implements Singletons {
  readonly elected = false;

  run(_name: string, start: () => StopJob | Promise<StopJob>): () => Promise<void> {
    const started = Promise.resolve(start());
    return async () => {
      await (
        await started
      )();
    };
  }
}
