import type { Server } from 'node:http';
import request from 'supertest';
import { IdempotencyKeyRepository, SamplePartitionRepository } from '@bsc/persistence';
import { ingestionTestModel } from '@bsc/twin';
import { IDEMPOTENCY_KEY_TTL_MS } from '../../../apps/ingestion/src/connectors/http/idempotency-keys';
import { PgTestSchema, TEST_DATABASE_URL } from '../persistence/pg-test-schema';
import { startIngestion, testConfig, type IngestionHarness } from './support/ingestion-harness';
import { tempSqlitePath } from '../../support';

jest.setTimeout(60_000);
const TOKEN = 'test-intake-token';

describe('HTTP sample intake on two replicas sharing PostgreSQL', () => {
  const db = tempSqlitePath();
  let pg: PgTestSchema;
  let a: IngestionHarness;
  let b: IngestionHarness;

  beforeAll(async () => {
    pg = await PgTestSchema.create();
    await new SamplePartitionRepository(pg.dataSource).maintain(Date.now());
    // no MQTT bindings are used: MQTT points at a closed port so nothing connects
    const config = testConfig({ INTAKE_TOKEN: TOKEN, MQTT_URL: 'mqtt://127.0.0.1:9', DATABASE_URL: TEST_DATABASE_URL });
    const model = ingestionTestModel('http-replicas');
    a = await startIngestion(model, config, db.path, TEST_DATABASE_URL, pg.schema);
    b = await startIngestion(model, config, db.path, TEST_DATABASE_URL, pg.schema);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await pg.drop();
    db.cleanup();
  });

  const post = (replica: IngestionHarness, body: unknown, key: string) =>
    request(replica.app.getHttpServer() as Server)
      .post('/intake/samples')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Idempotency-Key', key)
      .send(body as object);

  it("answers a retry that reaches the other replica with the first one's response and stores nothing twice", async () => {
    const since = Date.now();
    // no ts: each replica would stamp the sample with its own receipt time, so only the key tells the retry
    const body = { samples: [{ signal: 'hr.headcount', value: 7 }] };
    const first = await post(a, body, '"lb-retry-1"').expect(200);
    const sent = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    const retry = await post(b, body, '"lb-retry-1"').expect(200);

    expect(first.body).toEqual({ accepted: 1, rejected: 0, duplicates: 0, errors: [] });
    expect(retry.body).toEqual(first.body);
    expect((await b.samples.range('hr.headcount', since, Date.now() + 1)).map((s) => s.value)).toEqual([7]);
    // one row for the key, kept a day from the first request's receipt (between since and sent)
    const rows = await pg.dataSource.query<Array<{ key: string; response: string; expires_at: string }>>(
      `SELECT key, response, expires_at FROM "${pg.schema}".idempotency_key`,
    );
    expect(rows.map((r) => [r.key, JSON.parse(r.response) as unknown])).toEqual([['lb-retry-1', first.body]]);
    expect(Number(rows[0].expires_at)).toBeGreaterThanOrEqual(since + IDEMPOTENCY_KEY_TTL_MS);
    expect(Number(rows[0].expires_at)).toBeLessThanOrEqual(sent + IDEMPOTENCY_KEY_TTL_MS);

    // reused with another body on either replica: refused (422), nothing stored
    await post(b, { samples: [{ signal: 'hr.headcount', value: 8 }] }, '"lb-retry-1"').expect(422);
    await post(a, { samples: [{ signal: 'hr.headcount', value: 8 }] }, '"lb-retry-1"').expect(422);
    // another key is another request: 7 stored a second time, by b
    await post(b, body, '"lb-retry-2"').expect(200);
    expect((await a.samples.range('hr.headcount', since, Date.now() + 1)).map((s) => s.value)).toEqual([7, 7]);
  });

  it('runs a request sent to both replicas at once a single time', async () => {
    const since = Date.now();
    const body = { samples: [{ signal: 'hr.headcount', value: 9 }] };
    const answers = await Promise.all([post(a, body, '"both-at-once"'), post(b, body, '"both-at-once"')]);
    // one takes the key; the other finds it running (409) or, if it came second, answers with its response
    expect(answers.map((r) => r.status).sort()).toEqual(
      answers.some((r) => r.status === 409) ? [200, 409] : [200, 200],
    );
    expect((await a.samples.range('hr.headcount', since, Date.now() + 1)).map((s) => s.value)).toEqual([9]);
  });

  it('takes over a key of a replica that died before it finished, and removes expired keys, on PostgreSQL', async () => {
    const sut = new IdempotencyKeyRepository(pg.dataSource);
    // held until 11,000 by the dead attempt; at 11,000 it has expired (11,000 <= 11,000)
    expect(await sut.claim('died', 'fp', 'dead', 1_000, 11_000)).toEqual({ claimed: true });
    expect(await sut.claim('died', 'fp', 'live', 10_999, 20_000)).toMatchObject({ claimed: false });
    expect(await sut.claim('died', 'fp', 'live', 11_000, 21_000)).toEqual({ claimed: true });
    expect(await sut.complete('died', 'dead', '{}', 99_000)).toBe(false);
    // the keys of the test above expire a day from now; 'died' at 21,000: the only one gone at 21,000
    expect(await sut.deleteExpired(21_000)).toBe(1);
  });
});
