import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { Command } from 'commander';
import { connect, type NatsConnection } from 'nats';
import { FixedActiveModel } from '@bsc/app-kit';
import { NatsEventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { DeadLetterRepository, KpiValueRepository, ModelVersionRepository, SampleRepository } from '@bsc/persistence';
import { TwinGraph, TwinModelBuilder } from '@bsc/twin';
import { registerImportSamplesCommand } from '../../../apps/cli/src/commands/import-samples.command';
import { PgTestSchema, TEST_DATABASE_URL } from '../persistence/pg-test-schema';
import { tempSqlitePath } from '../../support';
import { freshSampleLog, removeSampleLog, startSampleLogWorker } from './support/sample-log-worker';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TTL = 1_500;
const PARTITIONS = 4;
/** Short, so the second import outlives it and reaches a worker, which must find the samples stored. */
const DUPLICATE_WINDOW_MS = 1_000;

/** A daily sum of one signal, and a second dependency group the import leaves alone. */
const model = TwinModelBuilder.line('import-log-twin', 'Imports through the sample log')
  .signal({ id: 'imp.flow', name: 'Flow', source: { mqtt: { topic: 'imp/flow', jsonPath: '$.v' } } })
  .kpi('flow_today', 'sum(imp.flow, period)', { name: 'Flow today', period: 'day' })
  .signal({ id: 'imp.other', name: 'Other', source: { mqtt: { topic: 'imp/other', jsonPath: '$.v' } } })
  .kpi('other_today', 'sum(imp.other, period)', { name: 'Other today', period: 'day' })
  .objective('complete', 'plant', 'internal_process')
  .buildValid();
const activeModel = new FixedActiveModel(model);

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) return;
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('bsc import samples with SAMPLE_LOG=jetstream', () => {
  /** The workers publish on its events stream, which the API reads: the size of each `samples.ingested`. */
  const place = freshSampleLog(NATS_URL, 'import', DUPLICATE_WINDOW_MS);
  const logOptions = place.log;
  const ingested: Array<{ count: number; newest: number }> = [];
  const dir = tempSqlitePath();
  const connections: NatsConnection[] = [];
  const stops: (() => Promise<void>)[] = [];
  let pg: PgTestSchema;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    connections.push(await connect({ servers: NATS_URL }));
    pg = await PgTestSchema.create();
    await new ModelVersionRepository(pg.dataSource).importVersion(model, 'test', { graph: TwinGraph.fromModel(model) });
    const api = await NatsEventBus.connect(NATS_URL, { prefix: place.events, retentionS: 60 });
    api.subscribe('samples.ingested', ({ samples }) =>
      ingested.push({ count: samples.length, newest: Math.max(...samples.map((s) => s.ts)) }),
    );
    stops.push(() => api.close());
  });

  afterAll(async () => {
    for (const stop of stops) await stop().catch(() => undefined);
    await removeSampleLog(place);
    await Promise.all(connections.filter((c) => !c.isClosed()).map((c) => c.close()));
    await pg.drop();
    dir.cleanup();
  });

  /** A KPI worker process as INGEST_ROLE=worker runs it: leases, one consumer per partition held, the relay. */
  async function worker(name: string): Promise<{ stop(): Promise<void> }> {
    const started = await startSampleLogWorker(name, {
      ...place,
      dataSource: pg.dataSource,
      activeModel,
      partitions: PARTITIONS,
      leaseTtlMs: TTL,
    });
    stops.push(() => started.stop());
    return started;
  }

  const runImport = async (file: string): Promise<string> => {
    const out = new Capture();
    const program = new Command().exitOverride();
    registerImportSamplesCommand(program, {
      database: () => ({ databaseUrl: TEST_DATABASE_URL, schema: pg.schema }),
      modelFile: () => 'unused: the database holds the model in force',
      maxFutureS: () => 300,
      sampleLog: () => ({ servers: [NATS_URL], partitions: PARTITIONS, log: logOptions }),
      stdout: out,
      stderr: new Capture(),
      progress: false,
    });
    await program.parseAsync(['node', 'bsc', 'import', 'samples', file]);
    return out.text;
  };

  const today = new FiscalCalendar(model.calendar).periodOf(Date.now(), 'day');
  const flowToday = async (): Promise<number | null | undefined> =>
    (await new KpiValueRepository(pg.dataSource).asOf(['flow_today'], [today.key])).find(
      (r) => r.periodKey === today.key,
    )?.value;
  const logged = async (): Promise<number> => {
    const jsm = await connections[0].jetstreamManager();
    return (await jsm.streams.info(logOptions.stream)).state.messages;
  };

  it('imported samples reach the KPIs through the sample log; the same import again counts nothing twice, also after a failover', async () => {
    const file = join(dir.path, '..', 'flow.csv');
    // three samples earlier today (its first seconds, in the model's calendar): 4 + 7 + 11 = 22
    writeFileSync(
      file,
      [
        'signal,ts,value',
        `imp.flow,${today.start + 1_000},4`,
        `imp.flow,${today.start + 2_000},7`,
        `imp.flow,${today.start + 3_000},11`,
      ].join('\n'),
    );

    // no worker yet: the import only appends; the samples table is the workers' to write
    expect(await runImport(file)).toContain('3 appended to the sample log, 0 duplicates, 0 rejected');
    const samples = new SampleRepository(pg.dataSource);
    expect(await samples.count()).toBe(0);
    expect(await logged()).toBe(3);

    const a = await worker('a');
    await waitFor(async () => (await flowToday()) === 22, 20_000);
    expect(await flowToday()).toBe(22);
    expect(await samples.count('imp.flow')).toBe(3);
    await waitFor(async () => (await logged()) === 0, 10_000);
    expect(await logged()).toBe(0);

    // the partitions fail over to b; past the duplicate window JetStream would take the same samples again, but the
    // import finds all three stored with the same readings: duplicates, nothing logged (a batch the log delivers
    // again after it was stored is the workers' spec)
    await a.stop();
    await worker('b');
    await new Promise((r) => setTimeout(r, DUPLICATE_WINDOW_MS + 500));
    expect(await runImport(file)).toContain('0 appended to the sample log, 3 duplicates, 0 rejected');
    expect(await logged()).toBe(0);
    expect(await flowToday()).toBe(22);
    expect(await samples.count('imp.flow')).toBe(3);
    expect(await samples.count()).toBe(3);
  }, 90_000);

  it("announces samples dated before today on the events stream, one summary per batch; today's as empty notices", async () => {
    // the same log and events stream as above, whose import of today's samples sent notices without samples
    for (const stop of stops.splice(1)) await stop().catch(() => undefined);
    const file = join(dir.path, '..', 'other.csv');
    // yesterday's last hour in the model's calendar: three samples, logged before a worker reads them (one batch)
    const yesterday = [1, 2, 3].map((k) => today.start - 3_600_000 + k * 1_000);
    writeFileSync(file, ['signal,ts,value', ...yesterday.map((ts, k) => `imp.other,${ts},${k + 1}`)].join('\n'));
    expect(await runImport(file)).toContain('3 appended to the sample log, 0 duplicates, 0 rejected');

    await worker('c');
    await waitFor(() => ingested.some((e) => e.count > 0), 20_000);
    await waitFor(async () => (await logged()) === 0, 10_000);
    await new Promise((r) => setTimeout(r, 500)); // a second event would have arrived by now
    expect(ingested.filter((e) => e.count > 0)).toEqual([{ count: 3, newest: yesterday[2] }]);
    expect(ingested.filter((e) => e.count === 0).length).toBeGreaterThan(0);
  }, 60_000);

  it('a row with another value for a signal and time the file had is logged for the worker to dead-letter; an exact one is a duplicate', async () => {
    for (const stop of stops.splice(1)) await stop().catch(() => undefined);
    const file = join(dir.path, '..', 'repeats.csv');
    const ts = today.start + 10_000;
    writeFileSync(file, ['signal,ts,value', `imp.flow,${ts},5`, `imp.flow,${ts},6`, `imp.flow,${ts},5`].join('\n'));

    // no worker stored 5 yet: 6 names another reading and is appended, 5 again is dropped by JetStream
    expect(await runImport(file)).toContain('2 appended to the sample log, 1 duplicates, 0 rejected');

    await worker('d');
    // the worker stores 5 (22 + 5 = 27) and sets 6 aside
    await waitFor(async () => (await flowToday()) === 27, 20_000);
    await waitFor(async () => (await logged()) === 0, 10_000);
    expect(await flowToday()).toBe(27);
    const letters = await new DeadLetterRepository(pg.dataSource).list();
    expect(letters.map((l) => [l.reason, l.detail])).toEqual([
      ['conflicting_duplicate', `imp.flow at ${new Date(ts).toISOString()} is stored as 5 (good); refused 6 (good)`],
    ]);

    // once stored, the import itself tells: 5 again is a duplicate, 8 is refused by its line; nothing is logged
    const again = join(dir.path, '..', 'repeats-again.csv');
    writeFileSync(again, ['signal,ts,value', `imp.flow,${ts},5`, `imp.flow,${ts},8`].join('\n'));
    await new Promise((r) => setTimeout(r, DUPLICATE_WINDOW_MS + 500));
    expect(await runImport(again)).toContain('0 appended to the sample log, 1 duplicates, 1 rejected');
    // a rejected row makes the command exit 2; the test process must not keep that exit code
    expect(process.exitCode).toBe(2);
    process.exitCode = undefined;
    await waitFor(async () => (await logged()) === 0, 10_000);
    expect(await flowToday()).toBe(27);
    const refused = (await new DeadLetterRepository(pg.dataSource).list()).filter((l) => l.channel === `${again}:3`);
    expect(refused.map((l) => [l.reason, l.detail])).toEqual([
      ['conflicting_duplicate', `imp.flow at ${new Date(ts).toISOString()} is stored as 5 (good); refused 8 (good)`],
    ]);
  }, 60_000);

  it('a row the workers stored, in a later file that does not repeat it, is a duplicate or refused by its line, not logged', async () => {
    for (const stop of stops.splice(1)) await stop().catch(() => undefined);
    // stored by now: 4 at +1 s, 7 at +2 s, 11 at +3 s, 5 at +10 s (flow today 27)
    const file = join(dir.path, '..', 'stored-before.csv');
    writeFileSync(
      file,
      [
        'signal,ts,value',
        `imp.flow,${today.start + 1_000},4`, // line 2: the stored reading again, a duplicate
        `imp.flow,${today.start + 2_000},9`, // line 3: 7 is stored, refused
        `imp.flow,${today.start + 20_000},5`, // line 4: new, the only one appended
      ].join('\n'),
    );
    const lettersBefore = (await new DeadLetterRepository(pg.dataSource).list()).length;

    expect(await runImport(file)).toContain('1 appended to the sample log, 1 duplicates, 1 rejected');
    expect(process.exitCode).toBe(2);
    process.exitCode = undefined;
    expect(await logged()).toBe(1);
    const letters = await new DeadLetterRepository(pg.dataSource).list();
    expect(letters.filter((l) => l.channel === `${file}:3`).map((l) => [l.reason, l.detail])).toEqual([
      [
        'conflicting_duplicate',
        `imp.flow at ${new Date(today.start + 2_000).toISOString()} is stored as 7 (good); refused 9 (good)`,
      ],
    ]);

    await worker('e');
    // 27 + 5 = 32, and the worker sets nothing aside: the one dead letter is the import's
    await waitFor(async () => (await flowToday()) === 32, 20_000);
    await waitFor(async () => (await logged()) === 0, 10_000);
    expect(await flowToday()).toBe(32);
    expect(await new SampleRepository(pg.dataSource).count('imp.flow')).toBe(5);
    expect((await new DeadLetterRepository(pg.dataSource).list()).length).toBe(lettersBefore + 1);
  }, 60_000);
});
