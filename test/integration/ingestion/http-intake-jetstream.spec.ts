import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import request from 'supertest';
import { ACTIVE_MODEL, FixedActiveModel, type ActiveModel } from '@bsc/app-kit';
import { FiscalCalendar } from '@bsc/kpi';
import { DeadLetterRepository, KpiValueRepository, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { SAMPLE_STORE } from '../../../apps/ingestion/src/pipeline/pipeline-stores.port';
import { JetStreamSampleStore } from '../../../apps/ingestion/src/sample-log/jetstream-sample-store';
import { PgTestSchema, TEST_DATABASE_URL } from '../persistence/pg-test-schema';
import { metricValue, tempSqlitePath } from '../../support';
import { startIngestion, testConfig, type IngestionHarness } from './support/ingestion-harness';
import { freshSampleLog, removeSampleLog, startSampleLogWorker } from './support/sample-log-worker';

jest.setTimeout(90_000);
const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TOKEN = 'test-intake-token';
const PARTITIONS = 4;
/** Short, so the samples the test sends again are past it: JetStream no longer knows their ids. */
const DUPLICATE_WINDOW_MS = 1_000;

const model = TwinModelBuilder.line('intake-log-twin', 'HTTP intake on the sample log')
  .signal({ id: 'imp.flow', name: 'Flow', source: { mqtt: { topic: 'imp/flow', jsonPath: '$.v' } } })
  .kpi('flow_today', 'sum(imp.flow, period)', { name: 'Flow today', period: 'day' })
  .objective('complete', 'plant', 'internal_process')
  .buildValid();

/**
 * SAMPLE_LOG=jetstream: a sample a KPI worker stored, sent to an intake that never saw it, in a later request that
 * does not repeat it within itself, is told as the database pipeline and `bsc import samples` tell it: the same
 * reading is a duplicate and another one a `conflicting_duplicate`, and neither is appended to the log.
 */
describe('HTTP intake with SAMPLE_LOG=jetstream: a sample a worker stored, sent again', () => {
  const place = freshSampleLog(NATS_URL, 'intake', DUPLICATE_WINDOW_MS);
  const logOptions = place.log;
  const db = tempSqlitePath();
  const activeModel = new FixedActiveModel(model);
  const config = testConfig({
    INTAKE_TOKEN: TOKEN,
    MQTT_URL: 'mqtt://127.0.0.1:9',
    DATABASE_URL: TEST_DATABASE_URL,
    SAMPLE_LOG: 'jetstream',
    EVENT_BUS_URL: NATS_URL,
    KPI_PARTITIONS: PARTITIONS,
  });
  let admin: NatsConnection;
  let pg: PgTestSchema;
  let intake: IngestionHarness;
  let otherIntake: JetStreamSampleStore;
  let worker: { stop(): Promise<void> };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    admin = await connect({ servers: NATS_URL });
    pg = await PgTestSchema.create();
    worker = await startSampleLogWorker('w', {
      ...place,
      dataSource: pg.dataSource,
      activeModel,
      partitions: PARTITIONS,
      leaseTtlMs: 1_500,
    });
    // the intake under test, on the test's own log
    intake = await startIngestion(model, config, db.path, TEST_DATABASE_URL, pg.schema, [
      {
        provide: SAMPLE_STORE,
        factory: (active: ActiveModel, samples: SampleRepository) =>
          JetStreamSampleStore.connect(config, active, logOptions, (keys) => samples.readStored(keys)),
        inject: [ACTIVE_MODEL, SampleRepository],
      },
    ]);
    // another intake of the scale-out, through which the workers got the samples first
    otherIntake = await JetStreamSampleStore.connect(config, activeModel, logOptions);
  });

  afterAll(async () => {
    await intake?.close();
    await otherIntake?.close();
    await worker?.stop();
    await removeSampleLog(place);
    await admin.close();
    await pg.drop();
    db.cleanup();
  });

  const post = (samples: unknown[]) =>
    request(intake.app.getHttpServer() as Server)
      .post('/intake/samples')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ samples });
  const today = new FiscalCalendar(model.calendar).periodOf(Date.now(), 'day');
  const flowToday = async (): Promise<number | null | undefined> =>
    (await new KpiValueRepository(pg.dataSource).asOf(['flow_today'], [today.key])).find(
      (r) => r.periodKey === today.key,
    )?.value;
  /** Messages ever appended to the log (the work queue removes what a worker handled). */
  const appended = async (): Promise<number> =>
    (await (await admin.jetstreamManager()).streams.info(logOptions.stream)).state.last_seq;
  const waitFor = async (condition: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while (!(await condition()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  };

  it('counts the stored reading as a duplicate and refuses another one, appending neither; the KPI stays', async () => {
    const at1 = today.start + 1_000;
    const at2 = today.start + 2_000;
    // through the other intake: 4 at +1 s and 7 at +2 s; the worker stores them, flow today 4 + 7 = 11
    await otherIntake.insertNew([
      { signalId: 'imp.flow', ts: at1, value: 4, quality: 'good', source: 'http' },
      { signalId: 'imp.flow', ts: at2, value: 7, quality: 'good', source: 'http' },
    ]);
    await waitFor(async () => (await flowToday()) === 11, 20_000);
    expect(await flowToday()).toBe(11);
    const samples = new SampleRepository(pg.dataSource);
    expect(await samples.count('imp.flow')).toBe(2);
    // past the duplicate window: JetStream would take both ids again
    await new Promise((r) => setTimeout(r, DUPLICATE_WINDOW_MS + 500));
    const before = await appended();
    expect(before).toBe(2);

    // 4 at +1 s again: stored with the same reading. As in the database pipeline, an item the store finds stored
    // counts as accepted in the answer and as a duplicate in the metric; nothing is appended
    const same = await post([{ signal: 'imp.flow', ts: at1, value: 4 }]).expect(200);
    expect(same.body).toEqual({ accepted: 1, rejected: 0, duplicates: 0, errors: [] });
    expect(await metricValue(intake.registry, 'bsc_samples_duplicate_total')).toBe(1);
    expect(await appended()).toBe(before);

    // 9 at +2 s: 7 is stored there, so 9 is refused by the intake, naming both readings; nothing is appended
    const detail = `imp.flow at ${new Date(at2).toISOString()} is stored as 7 (good); refused 9 (good)`;
    const other = await post([{ signal: 'imp.flow', ts: at2, value: 9 }]).expect(200);
    expect(other.body).toEqual({
      accepted: 0,
      rejected: 1,
      duplicates: 0,
      errors: [{ index: 0, reason: 'conflicting_duplicate', detail }],
    });
    expect(await appended()).toBe(before);
    expect(await flowToday()).toBe(11);
    // kept before the answer
    const letters = await new DeadLetterRepository(pg.dataSource).list();
    expect(letters.map((l) => [l.reason, l.detail, l.channel, l.source])).toEqual([
      ['conflicting_duplicate', detail, 'imp.flow', 'http'],
    ]);
    expect(await metricValue(intake.registry, 'bsc_samples_rejected_total', { reason: 'conflicting_duplicate' })).toBe(
      1,
    );

    // a sample of the same age that no worker stored is appended as before: 11 + 5 = 16
    const fresh = await post([{ signal: 'imp.flow', ts: today.start + 20_000, value: 5 }]).expect(200);
    expect(fresh.body).toEqual({ accepted: 1, rejected: 0, duplicates: 0, errors: [] });
    expect(await appended()).toBe(before + 1);
    await waitFor(async () => (await flowToday()) === 16, 20_000);
    expect(await flowToday()).toBe(16);
    expect((await samples.range('imp.flow', at1, at2 + 1)).map((s) => s.value)).toEqual([4, 7]);
    expect(await samples.count('imp.flow')).toBe(3);
  });
});
