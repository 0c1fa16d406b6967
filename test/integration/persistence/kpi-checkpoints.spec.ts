import { gzipSync } from 'node:zlib';
import { KpiCheckpointRepository, type StoredKpiCheckpoint } from '@bsc/persistence';
import { PgTestSchema } from './pg-test-schema';

const checkpoint = (modelVersion: number, state: Buffer): StoredKpiCheckpoint => ({
  modelVersion,
  takenAt: 1_800_000_000_000,
  receivedBy: 1_799_999_999_000,
  watermark: 1_799_999_998_000,
  cut: 1_799_999_700_000,
  format: 1,
  state,
});

describe(`${KpiCheckpointRepository.name} on PostgreSQL`, () => {
  let pg: PgTestSchema;
  let sut: KpiCheckpointRepository;

  beforeAll(async () => {
    pg = await PgTestSchema.create();
    sut = new KpiCheckpointRepository(pg.dataSource);
  });
  afterAll(() => pg.drop());

  it('keeps the bytes (bytea) and the position, one checkpoint per model version', async () => {
    // every byte value, as gzip output has them
    const state = gzipSync(Buffer.from(Array.from({ length: 4_096 }, (_, i) => i % 256)));
    await sut.save(checkpoint(3, state));
    await sut.save(checkpoint(4, Buffer.from([0, 255])));

    await expect(sut.find(3)).resolves.toBeNull();
    await expect(sut.find(4)).resolves.toEqual(checkpoint(4, Buffer.from([0, 255])));
    await sut.save(checkpoint(4, state));
    expect((await sut.find(4))?.state.equals(state)).toBe(true);
  });
});
