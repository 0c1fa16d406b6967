import type { Server } from 'node:http';
import request from 'supertest';
import { ingestionTestModel } from '@bsc/twin';
import { deadLetters, startIngestion, testConfig, type IngestionHarness } from './support/ingestion-harness';
import { metricValue, tempSqlitePath } from '../../support';

jest.setTimeout(60_000);
const TOKEN = 'test-intake-token';

describe('HTTP sample intake', () => {
  let db: ReturnType<typeof tempSqlitePath>;
  let sut: IngestionHarness;
  // No MQTT bindings are used here: point MQTT at a closed port so nothing connects.
  const config = (token?: string) =>
    testConfig({ INTAKE_TOKEN: token, MQTT_URL: 'mqtt://127.0.0.1:9', INTAKE_MAX_SAMPLES: 10_000 });

  beforeAll(async () => {
    db = tempSqlitePath();
    sut = await startIngestion(ingestionTestModel('http-test'), config(TOKEN), db.path);
  });

  afterAll(async () => {
    await sut.close();
    db.cleanup();
  });

  const post = (body: unknown, token: string | null = TOKEN) => {
    const req = request(sut.app.getHttpServer() as Server).post('/intake/samples');
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(body as object);
  };

  it('refuses requests without the bearer token', async () => {
    await post({ samples: [] }, null).expect(401);
    await post({ samples: [] }, 'wrong').expect(401);
  });

  it.each([
    ['a body without samples', { values: [] }, /"samples" must be an array/],
    ['an empty list', { samples: [] }, /empty/],
    ['too many samples', { samples: Array.from({ length: 10_001 }, () => ({})) }, /at most 10000/],
  ])('answers 400 with a clear message for %s', async (_, body, message) => {
    const res = await post(body).expect(400);
    expect((res.body as { message: string }).message).toMatch(message);
  });

  it('stores valid samples and reports every refused item with its index', async () => {
    const now = Date.now();
    const res = await post({
      samples: [
        { signal: 'crm.complaints', ts: now - 2_000, value: 3 },
        { signal: 'crm.complaints', ts: new Date(now - 1_000).toISOString(), value: 4, quality: 'uncertain' },
        { signal: 'crm.complaints', ts: now - 2_000, value: 3 },
        { signal: 'nope', ts: now, value: 1 },
        { signal: 'crm.complaints', ts: now, value: -1 },
        { ts: now, value: 1 },
        { signal: 'crm.complaints', ts: 'later', value: 1 },
      ],
    }).expect(200);
    expect(res.body).toEqual({
      accepted: 2,
      rejected: 4,
      duplicates: 1,
      errors: [
        { index: 3, reason: 'unknown_signal', detail: expect.any(String) as unknown },
        { index: 4, reason: 'out_of_range', detail: expect.any(String) as unknown },
        { index: 5, reason: 'malformed_item', detail: expect.stringContaining('"signal"') as unknown },
        { index: 6, reason: 'invalid_timestamp', detail: expect.any(String) as unknown },
      ],
    });
    expect(await sut.samples.range('crm.complaints', now - 1_000, now)).toEqual([
      expect.objectContaining({ value: 4, quality: 'uncertain', source: 'http' }),
    ]);
    expect((await deadLetters(sut.dataSource)).map((l) => l.reason).sort()).toEqual([
      'invalid_timestamp',
      'malformed_item',
      'out_of_range',
      'unknown_signal',
    ]);
    expect(await metricValue(sut.registry, 'bsc_samples_received_total', { source: 'http' })).toBe(5);
  });

  it('takes 10,000 samples in one request', async () => {
    const base = Date.now() - 3_600_000;
    const samples = Array.from({ length: 10_000 }, (_, i) => ({
      signal: 'crm.complaints',
      ts: base + i,
      value: i % 7,
    }));
    const res = await post({ samples }).expect(200);
    expect(res.body).toMatchObject({ accepted: 10_000, rejected: 0, duplicates: 0 });
    expect(await sut.samples.count('crm.complaints')).toBe(10_002);
  });

  it('stores the valid items of a request that holds an item nested 10,000 deep, and dead-letters that one', async () => {
    const ts = Date.now() - 1_000;
    // JSON.parse reads the deep item; JSON.stringify of it, for the dead letter, overflows the stack.
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const body = `{"samples":[{"signal":"crm.complaints","ts":${ts},"value":4},${deep}]}`;
    // Sent as text: supertest would write an object with JSON.stringify, which overflows on it too.
    const res = await post(body).set('Content-Type', 'application/json').expect(200);

    expect(res.body).toEqual({
      accepted: 1,
      rejected: 1,
      duplicates: 0,
      errors: [{ index: 1, reason: 'malformed_item', detail: expect.any(String) as unknown }],
    });
    expect(await sut.samples.range('crm.complaints', ts, ts + 1)).toEqual([expect.objectContaining({ value: 4 })]);
    expect((await deadLetters(sut.dataSource)).filter((l) => l.reason === 'malformed_item')).toHaveLength(2);
  });

  it('answers a retried request with the same Idempotency-Key as the first time and stores nothing again', async () => {
    const since = Date.now();
    // no ts: each request would stamp the sample with its own receipt time, so a retry is no repeat of a key
    const body = { samples: [{ signal: 'hr.headcount', value: 7 }] };
    const first = await post(body).set('Idempotency-Key', '"c0ffee-1"').expect(200);
    await new Promise((r) => setTimeout(r, 5));
    const retry = await post(body).set('Idempotency-Key', '"c0ffee-1"').expect(200);

    expect(first.body).toEqual({ accepted: 1, rejected: 0, duplicates: 0, errors: [] });
    expect(retry.body).toEqual(first.body);
    expect((await sut.samples.range('hr.headcount', since, Date.now() + 1)).map((s) => s.value)).toEqual([7]);
    // the key names one request: reused with another body it is refused (the draft's 422), nothing stored
    await post({ samples: [{ signal: 'hr.headcount', value: 8 }] })
      .set('Idempotency-Key', '"c0ffee-1"')
      .expect(422);
    // another key is another request: stored
    await post(body).set('Idempotency-Key', '"c0ffee-2"').expect(200);
    expect((await sut.samples.range('hr.headcount', since, Date.now() + 1)).map((s) => s.value)).toEqual([7, 7]);
  });
});

describe('HTTP sample intake without a token', () => {
  it('is disabled (404)', async () => {
    const db = tempSqlitePath();
    const sut = await startIngestion(
      ingestionTestModel('http-off'),
      testConfig({ MQTT_URL: 'mqtt://127.0.0.1:9' }),
      db.path,
    );
    try {
      await request(sut.app.getHttpServer() as Server)
        .post('/intake/samples')
        .set('Authorization', 'Bearer x')
        .send({ samples: [] })
        .expect(404);
    } finally {
      await sut.close();
      db.cleanup();
    }
  });
});
