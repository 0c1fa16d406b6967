import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { migrationStatus } from './data-source/migration-status';
import { PERSISTENCE_MIGRATIONS } from './migrations';
import { PersistenceModule } from './persistence.module';
import { PERSISTENCE_REPOSITORIES } from './persistence.repositories';
import { SampleRepository } from './samples/sample.repository';
import { aSample } from './testing/sample.builder';

describe(PersistenceModule.name, () => {
  it('provides every repository over a migrated database', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ sqlitePath: ':memory:' })],
    }).compile();
    await moduleRef.init();
    try {
      for (const Repository of PERSISTENCE_REPOSITORIES) expect(moduleRef.get(Repository)).toBeInstanceOf(Repository);
      await expect(moduleRef.get(SampleRepository).insertBatch([aSample()])).resolves.toBe(1);
    } finally {
      await moduleRef.close();
    }
  });

  it('takes its configuration from a factory', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRootAsync({ useFactory: () => ({ sqlitePath: ':memory:' }) })],
    }).compile();
    await moduleRef.init();
    try {
      await expect(moduleRef.get(SampleRepository).count()).resolves.toBe(0);
    } finally {
      await moduleRef.close();
    }
  });

  it('leaves migrations to `bsc db migrate` when migrationsRun is false', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PersistenceModule.forRoot({ sqlitePath: ':memory:', migrationsRun: false })],
    }).compile();
    await moduleRef.init();
    try {
      const status = await migrationStatus(moduleRef.get(DataSource));
      expect(status.applied).toEqual([]);
      expect(status.pending).toHaveLength(PERSISTENCE_MIGRATIONS.length);
    } finally {
      await moduleRef.close();
    }
  });
});
