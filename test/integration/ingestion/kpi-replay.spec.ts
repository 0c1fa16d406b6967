import type { Server } from 'node:http';
import request from 'supertest';
import { EVENT_BUS, type BscEventMap, type EventBus } from '@bsc/events';
import { ingestionTestModel } from '@bsc/twin';
import { startIngestion, testConfig, type IngestionHarness } from './support/ingestion-harness';
import { eventually, tempSqlitePath } from '../../support';

jest.setTimeout(60_000);
const TOKEN = 'replay-token';

describe('KPI state across restarts', () => {
  const db = tempSqlitePath();
  const model = ingestionTestModel('replay-test');
  const config = testConfig({ INTAKE_TOKEN: TOKEN, MQTT_URL: 'mqtt://127.0.0.1:9', KPI_REPLAY_ON_START: true });
  let sut: IngestionHarness | undefined;

  afterEach(async () => {
    await sut?.close();
    sut = undefined;
  });
  afterAll(() => db.cleanup());

  const post = (h: IngestionHarness, samples: Array<{ ts: number; value: number }>) =>
    request(h.app.getHttpServer() as Server)
      .post('/intake/samples')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ samples: samples.map((s) => ({ signal: 'line1.good', ...s })) })
      .expect(200);

  const outputUpdates = (h: IngestionHarness): Array<BscEventMap['kpi.updated']> => {
    const updates: Array<BscEventMap['kpi.updated']> = [];
    h.app.get<EventBus>(EVENT_BUS).subscribe('kpis.updated', (e) => {
      for (const value of e.values) if (value.kpiId === 'output') updates.push({ value, modelVersion: e.modelVersion });
    });
    return updates;
  };

  it('replays stored samples at start, so a KPI continues from its history', async () => {
    const now = Date.now();
    sut = await startIngestion(model, config, db.path);
    let updates = outputUpdates(sut);
    await post(sut, [
      { ts: now - 3_000, value: 5 },
      { ts: now - 2_000, value: 7 },
    ]);
    await eventually(() => updates.at(-1)?.value.value === 12);
    await sut.close();

    sut = await startIngestion(model, config, db.path);
    updates = outputUpdates(sut);
    // A re-delivery of a stored sample is recognised, and a new one adds to the replayed sum.
    const res = await post(sut, [
      { ts: now - 2_000, value: 7 },
      { ts: now - 1_000, value: 1 },
    ]);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 1 });
    const last = await eventually(() => (updates.at(-1)?.value.value === 13 ? updates.at(-1) : undefined));
    expect(last?.value).toMatchObject({ kpiId: 'output', value: 13 });
  });
});
