import type { Singletons, StopJob } from '@bsc/app-kit';

/** The alert evaluation's election, won by this replica once it asks: a takeover from a replica that died. */
export class WonElection implements Singletons {
  readonly elected = true;
  started: Promise<StopJob> | undefined;

  run(_name: string, start: () => StopJob | Promise<StopJob>): () => Promise<void> {
    const started = (this.started = Promise.resolve(start()));
    return async () => (await started)();
  }
}
