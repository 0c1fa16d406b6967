import type { Singletons, StopJob } from '@bsc/app-kit';

/**
 * The alert evaluation's election, won by this replica once it asks (a takeover from a replica that died), or once
 * `won` resolves (a lease acquired later, as over the event bus's NATS).
 */
export class WonElection implements Singletons {
  readonly elected = true;
  started: Promise<StopJob> | undefined;

  constructor(private readonly won?: Promise<void>) {}

  run(_name: string, start: () => StopJob | Promise<StopJob>): () => Promise<void> {
    const started = (this.started = this.won ? this.won.then(start) : Promise.resolve(start()));
    return async () => (await started)();
  }
}
