import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { START_TIMEOUT_MS, closeLeftOpen } from './support/open-resources';

/**
 * Once a test file's tests and hooks have run (and before jest tears its modules down), closes any app or browser
 * still open: one whose start outlived its hook (a beforeAll timed out on a busy machine) would otherwise keep jest
 * from ever exiting. The file then fails by name, since closing is its hooks' job.
 */
export default class OpenResourcesEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.AsyncEvent, state: Circus.State): Promise<void> {
    if (event.name !== 'run_finish') return;
    const left = await closeLeftOpen(this.global, START_TIMEOUT_MS);
    if (left.length > 0)
      state.unhandledErrors.push(new Error(`left open after this file's hooks, closed now: ${left.join(', ')}`));
  }
}
