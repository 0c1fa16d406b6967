import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { ApiKeyRepository, hashApiKey } from './api-key.repository';

describe(ApiKeyRepository.name, () => {
  let dataSource: DataSource;
  let sut: ApiKeyRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new ApiKeyRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('creates a key, stores only its hash and finds it by the key', async () => {
    const { key, record } = await sut.create({
      name: 'grafana',
      role: 'viewer',
      unitScope: 'plant-north',
      createdAt: 1_000,
    });

    const [stored] = await dataSource.getRepository(ApiKeyEntity).find();
    expect(key).toMatch(/^bsc_[A-Za-z0-9_-]{43}$/);
    expect(stored.hashedKey).toBe(hashApiKey(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    await expect(sut.findActiveByKey(key)).resolves.toEqual(record);
    expect(record).toMatchObject({
      name: 'grafana',
      role: 'viewer',
      unitScope: 'plant-north',
      createdAt: 1_000,
      revokedAt: null,
    });
  });

  it('does not find unknown or revoked keys', async () => {
    const { key, record } = await sut.create({ name: 'ci', role: 'admin' });

    const revoked = await sut.revoke(record.id, 2_000);

    expect(revoked.revokedAt).toBe(2_000);
    await expect(sut.findActiveByKey(key)).resolves.toBeNull();
    await expect(sut.findActiveByKey('bsc_unknown')).resolves.toBeNull();
  });

  it('keeps the first revocation time when revoked twice', async () => {
    const { record } = await sut.create({ name: 'ci', role: 'admin' });
    await sut.revoke(record.id, 2_000);

    await expect(sut.revoke(record.id, 3_000)).resolves.toMatchObject({ revokedAt: 2_000 });
  });

  it('records the last use', async () => {
    const { record } = await sut.create({ name: 'ci', role: 'admin' });

    await sut.touch(record.id, 5_000);

    expect((await sut.list()).map((k) => k.lastUsedAt)).toEqual([5_000]);
  });

  it('fails with NOT_FOUND when revoking an unknown key', async () => {
    await expect(sut.revoke('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
