import { ingestionTestModel } from '@bsc/twin';
import { createScratchDatabase, type ScratchDatabase } from '../../../scripts/rig/scratch-database';
import { storedRollups } from '../../../libs/persistence/src/samples/test-support/rollup-cases';
import { TEST_DATABASE_URL } from '../persistence/pg-test-schema';
import {
  deadLetters,
  startIngestion,
  testConfig,
  useMqttTestContext,
  type IngestionHarness,
} from './support/ingestion-harness';
import { eventually } from '../../support';

jest.setTimeout(90_000);

const HOUR = 3_600_000;

describe('MQTT ingestion into PostgreSQL (Mosquitto)', () => {
  let database: ScratchDatabase;
  let sut: IngestionHarness | undefined;
  const mqtt = useMqttTestContext('itpg', async () => {
    await sut?.close();
    sut = undefined;
    await database.drop();
  });

  beforeEach(async () => {
    database = await createScratchDatabase(TEST_DATABASE_URL, 'it_ingest');
  });

  it('stores or dead-letters every published sample, and rolls a hand-worked batch up exactly', async () => {
    const h = (sut = await startIngestion(
      ingestionTestModel(mqtt.prefix),
      testConfig({ MQTT_CLIENT_ID: mqtt.clientId }),
      '',
      database.url,
    ));
    const publish = (payload: unknown) => mqtt.publish('line1', payload);
    // the start of the previous hour: every sample below is in the past, and the hand-worked ones share a minute
    const t0 = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    await eventually(
      async () => {
        await publish({ energy_wh: 1, ts: t0 - 1 });
        return (await h.samples.count('line1.energy_kwh')) === 1;
      },
      20_000,
      200,
    );

    // 1 probe + 300 valid energy readings, 40 negative (out of range) and 20 unreadable: one sample or letter each
    const published = { valid: 301, letters: 60 };
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < 300; i++) sends.push(publish({ energy_wh: 1_000 + i, ts: t0 + 60_000 + i * 1_000 }));
    for (let i = 0; i < 40; i++) sends.push(publish({ energy_wh: -5, ts: t0 + 400_000 + i * 1_000 }));
    for (let i = 0; i < 20; i++) sends.push(publish(`{"energy_wh": ${i},`));
    // the hand-worked batch, out of time order: 3 @1 s, 1 @2 s, 4 @3 s, 1 @4 s, 5 @5 s
    for (const [s, v] of [
      [3, 4],
      [1, 3],
      [5, 5],
      [2, 1],
      [4, 1],
    ])
      sends.push(publish({ scrap: v, ts: t0 + s * 1_000 }));
    await Promise.all(sends);

    const stored = await eventually(
      async () => {
        const [energy, scrap, letters] = [
          await h.samples.count('line1.energy_kwh'),
          await h.samples.count('line1.scrap'),
          (await deadLetters(h.dataSource)).length,
        ];
        return energy + scrap + letters === published.valid + 5 + published.letters
          ? { energy, scrap, letters }
          : undefined;
      },
      30_000,
      200,
    );
    expect(stored).toEqual({ energy: 301, scrap: 5, letters: 60 });
    // count 5, sum 3+1+4+1+5 = 14 (avg 2.8), min 1, max 5, first 3 @1 s, last 5 @5 s, in its minute and its hour
    const rollup = { count: 5, sum: 14, min: 1, max: 5, firstTs: t0 + 1_000, first: 3, lastTs: t0 + 5_000, last: 5 };
    // the samples upsert their minute; the hour and day come with the fold of the closed minutes
    await h.samples.foldRollups(t0 + 2 * 86_400_000);
    const rows = await storedRollups(h.dataSource, 'line1.scrap');
    expect(rows.filter((r) => r.width < 86_400_000)).toEqual([
      { width: 60_000, start: t0, ...rollup },
      { width: HOUR, start: t0, ...rollup },
    ]);
    expect(rows.find((r) => r.width === 86_400_000)).toMatchObject({ count: 5, sum: 14, min: 1, max: 5 });
  });
});
