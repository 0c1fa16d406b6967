import type { LoggerService } from '@nestjs/common';
import type { RawSampleInput, SampleIntake, SubmitResult } from '../../pipeline/sample-intake.port';
import { MINUTE_MS } from '../plant/sim-time';
import type { BackfillPlan } from './history-backfill';
import { formatSpan, runBackfill, type BackfillProgress } from './history-backfill.runner';

const silent: LoggerService = { log: () => undefined, warn: () => undefined, error: () => undefined };
const plan: BackfillPlan = {
  seed: 42,
  end: Date.UTC(2026, 10, 20, 12),
  days: 1,
  stepMs: 30 * MINUTE_MS,
  batchSize: 500,
};
const fresh = (): BackfillProgress => ({ state: 'pending', submitted: 0, accepted: 0, done: 0, elapsedMs: 0 });

class FakeIntake implements SampleIntake {
  readonly batches: RawSampleInput[][] = [];
  constructor(private readonly failAt = Infinity) {}

  submit(batch: readonly RawSampleInput[]): Promise<SubmitResult> {
    if (this.batches.length === this.failAt) return Promise.reject(new Error('database is locked'));
    this.batches.push([...batch]);
    return Promise.resolve({ accepted: batch.length - 1, rejected: 1, duplicates: 0 });
  }

  async deadLetter(): Promise<void> {}
}

describe(runBackfill.name, () => {
  it('submits every batch in order and reports what the pipeline accepted', async () => {
    const intake = new FakeIntake();

    const sut = await runBackfill(plan, intake, silent, fresh(), () => false);

    const submitted = intake.batches.flat();
    expect(sut).toEqual(
      expect.objectContaining({
        state: 'done',
        submitted: submitted.length,
        accepted: submitted.length - intake.batches.length,
      }),
    );
    expect(sut.done).toBeGreaterThan(0.99);
    expect(intake.batches.every((b) => b.length <= plan.batchSize)).toBe(true);
  });

  it('stops between batches when asked to', async () => {
    const intake = new FakeIntake();
    let calls = 0;

    const sut = await runBackfill(plan, intake, silent, fresh(), () => ++calls > 2);

    expect(sut.state).toBe('aborted');
    expect(intake.batches).toHaveLength(2);
  });

  it('reports a failure without throwing', async () => {
    const sut = await runBackfill(plan, new FakeIntake(1), silent, fresh(), () => false);

    expect(sut).toEqual(expect.objectContaining({ state: 'failed', detail: 'database is locked', submitted: 500 }));
  });
});

describe(formatSpan.name, () => {
  it.each([
    [180, '180 days'],
    [2.25, '2.3 days'],
    [0.5, '12 h'],
    [0.0017, '2 min'],
  ])('formats %d days as %s', (days, text) => {
    expect(formatSpan(days)).toBe(text);
  });
});
