import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { hourlySamples } from '@bsc/common';
import { openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder, type TwinModel } from '@bsc/twin';
import type { ForecastJobOutput } from '../job/forecast-job';
import { emptyForecastMemo, memoForKpis, nextForecastMemo, type ForecastMemo } from '../job/forecast-memo';
import { computeForecasts, type ComputeForecastsInput } from './compute-forecasts';
import { ThreadForecastRunner, type ForecastWorker } from './forecast-runner';
import type { ComputeForecasts, ForecastRequest, ForecastSession } from './forecast-session';
import { serveForecasts, type ForecastWorkerData, type ForecastWorkerReply } from './forecast-worker-protocol';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * A forecast worker on a MessageChannel in this thread: the real protocol and session, every message structured-
 * cloned as between threads, and a crash on demand.
 */
class ChannelWorker extends EventEmitter implements ForecastWorker {
  private readonly channel = new MessageChannel();
  private readonly session: ForecastSession;

  constructor(
    readonly data: ForecastWorkerData,
    compute: ComputeForecasts,
  ) {
    super();
    this.session = serveForecasts(this.channel.port2, structuredClone(data), compute);
    this.channel.port1.on('message', (reply: ForecastWorkerReply) => this.emit('message', reply));
  }

  postMessage(message: unknown): void {
    this.channel.port1.postMessage(message);
  }

  ref(): void {}

  unref(): void {}

  crash(error: Error): void {
    this.emit('error', error);
    this.emit('exit', 1);
  }

  async terminate(): Promise<number> {
    this.channel.port1.close();
    this.channel.port2.close();
    // a thread's connections end with it; this one's session runs in the test's thread
    await this.session.close();
    return 1;
  }
}

describe(ThreadForecastRunner.name, () => {
  const model = TwinModelBuilder.minimal().buildValid();

  describe('forecasts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsc-forecast-runner-'));
    const before = { sqlitePath: join(dir, 'before.sqlite') };
    const now = { sqlitePath: join(dir, 'now.sqlite') };

    beforeAll(async () => {
      Logger.overrideLogger(false);
      // 60 days of an hourly good count, in two databases: each path brings its own daily values up to date
      const end = Math.floor(Date.now() / HOUR) * HOUR;
      const samples = hourlySamples('line1.good', end - 60 * 24 * HOUR, end, 10);
      for (const database of [before, now]) {
        const dataSource = await openDataSource(database);
        await new SampleRepository(dataSource).insertBatch(samples);
        await dataSource.destroy();
      }
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('forecasts what a worker per job forecast with the memo handed over from the main thread', async () => {
      const kpis = model.kpis.map((k) => k.id);
      const some = [kpis[0]];
      const t0 = Date.now();
      // two cycles (the second reusing the first's memo), a run of some KPIs, a scenario's later periods, a cycle
      const jobs: ForecastRequest[] = [
        { kind: 'cycle', now: t0, links: true, historyLoading: null },
        { kind: 'cycle', now: t0 + MINUTE, links: false, historyLoading: null },
        { kind: 'cycle', now: t0 + 2 * MINUTE, kpiIds: some, links: false, historyLoading: null },
        { kind: 'later', now: t0 + 2 * MINUTE, kpiIds: some, laterPeriods: 5 },
        { kind: 'cycle', now: t0 + 3 * MINUTE, links: false, historyLoading: null },
      ];

      // as the forecast service did: the memos on the main thread, handed to (and copied back from) each job
      let cycles: ForecastMemo = emptyForecastMemo();
      let later: ForecastMemo | undefined;
      const old: ForecastJobOutput[] = [];
      for (const { kind, ...job } of jobs) {
        const input: ComputeForecastsInput = { ...job, database: before, model };
        if (kind === 'cycle') {
          const output = await computeForecasts({
            ...input,
            memo: job.kpiIds ? memoForKpis(cycles, job.kpiIds) : cycles,
          });
          cycles = nextForecastMemo(cycles, output.memo, job.kpiIds !== undefined, kpis);
          old.push(output);
        } else {
          const output = await computeForecasts({ ...input, memo: memoForKpis(cycles, job.kpiIds!) });
          later = nextForecastMemo(later ?? output.memo, output.memo, true);
          old.push(output);
        }
      }
      const sut = new ThreadForecastRunner(now, (data) => new ChannelWorker(data, computeForecasts));
      const outputs = [];
      try {
        for (const job of jobs) outputs.push(await sut.run(model, job));
      } finally {
        await sut.close();
      }

      const comparable = ({ forecasts, links, skipped, global, reused }: Omit<ForecastJobOutput, 'memo'>) => ({
        forecasts,
        links,
        skipped,
        global,
        reused,
      });
      expect(outputs.map(comparable)).toEqual(old.map(comparable));
      // the memo did its work on the worker's side: the second cycle reused the first's errors and choices
      expect(outputs[1].reused.errors).toBeGreaterThan(0);
      expect(outputs[1].reused.choices).toBeGreaterThan(0);
      expect(outputs[2].forecasts.map((f) => f.kpiId)).toEqual(some);
      expect(outputs[3].forecasts[0].laterPeriods!.length).toBeGreaterThan(0);
    }, 120_000);
  });

  describe('worker lifecycle', () => {
    /** A job's output naming the job's time, its memo owning `run<now>` (so the next job's memo shows it). */
    const outputOf = (input: ComputeForecastsInput): ForecastJobOutput => ({
      forecasts: [],
      links: [],
      skipped: [],
      durationMs: 0,
      memo: { ...emptyForecastMemo(), owners: new Map([[`run${input.now}`, []]]) },
      reused: { errors: 0, choices: 0, projections: 0, fits: 0, models: 0 },
    });
    let workers: ChannelWorker[];
    /** What each job was handed, as the worker saw it. */
    let handed: Array<{ model: string; memo: string[] }>;
    let onCompute: (worker: ChannelWorker, input: ComputeForecastsInput) => Promise<ForecastJobOutput>;
    const spawn = (data: ForecastWorkerData) => {
      const worker: ChannelWorker = new ChannelWorker(data, (input) => {
        handed.push({ model: input.model.name, memo: [...(input.memo?.owners.keys() ?? [])] });
        return onCompute(worker, input);
      });
      workers.push(worker);
      return worker;
    };
    const run = (sut: ThreadForecastRunner, at: number, on: TwinModel = model) =>
      sut.run(on, { kind: 'cycle', now: at });

    beforeEach(() => {
      workers = [];
      handed = [];
      onCompute = (_, input) => Promise.resolve(outputOf(input));
    });

    it('starts one worker, sends the model again only when it changes and keeps the memo in the worker', async () => {
      const sut = new ThreadForecastRunner({ sqlitePath: 'unused' }, spawn);
      const renamed = { ...model, name: 'renamed' };

      await run(sut, 1);
      await run(sut, 2);
      await run(sut, 3, renamed);
      await sut.close();

      expect(workers).toHaveLength(1);
      expect(handed).toEqual([
        { model: model.name, memo: [] },
        { model: model.name, memo: ['run1'] },
        { model: 'renamed', memo: ['run2'] },
      ]);
    });

    it('rejects the job of a worker that crashed, then runs the next job on a new worker sent the model', async () => {
      const sut = new ThreadForecastRunner({ sqlitePath: 'unused' }, spawn);
      await run(sut, 1);
      onCompute = (worker) => {
        setImmediate(() => worker.crash(new Error('heap out of memory')));
        return new Promise(() => undefined);
      };

      await expect(run(sut, 2)).rejects.toThrow('forecast worker failed: heap out of memory');
      onCompute = (_, input) => Promise.resolve(outputOf(input));
      await run(sut, 3);
      await sut.close();

      expect(workers).toHaveLength(2);
      expect(workers[1].data.model).toEqual(model);
      // the new worker starts with an empty memo
      expect(handed.map((h) => h.memo)).toEqual([[], ['run1'], []]);
    });

    it("rejects a job that failed in the worker and keeps the worker and the memo (the failed job's not kept)", async () => {
      const sut = new ThreadForecastRunner({ sqlitePath: 'unused' }, spawn);
      await run(sut, 1);
      onCompute = () => Promise.reject(new Error('database is locked'));
      await expect(run(sut, 2)).rejects.toThrow('forecast job failed: database is locked');
      onCompute = (_, input) => Promise.resolve(outputOf(input));
      await run(sut, 3);
      await sut.close();

      expect(workers).toHaveLength(1);
      expect(handed.map((h) => h.memo)).toEqual([[], ['run1'], ['run1']]);
    });

    it('ends a hung job after the timeout, and rejects jobs once closed', async () => {
      // the job timeout on fake time, all else real (the MessageChannel is not a timer): the jobs that answer no
      // longer race a real 50 ms timer on a busy machine, and the hung one ends at 50 ms, not before
      jest.useFakeTimers({
        doNotFake: [
          'Date',
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
        ],
      });
      try {
        const sut = new ThreadForecastRunner({ sqlitePath: 'unused' }, spawn, 50);
        onCompute = () => new Promise(() => undefined);
        const hung = run(sut, 1);
        let settled = false;
        hung.then(
          () => (settled = true),
          () => (settled = true),
        );
        await jest.advanceTimersByTimeAsync(49);
        expect(settled).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        await expect(hung).rejects.toThrow('forecast job timed out after 50 ms');
        onCompute = (_, input) => Promise.resolve(outputOf(input));
        await run(sut, 2);
        expect(workers).toHaveLength(2);

        onCompute = () => new Promise(() => undefined);
        const running = run(sut, 3);
        await sut.close();
        await expect(running).rejects.toThrow('forecast worker stopped');
        await expect(run(sut, 4)).rejects.toThrow('forecast worker stopped');
      } finally {
        jest.useRealTimers();
      }
    });
  });
});
