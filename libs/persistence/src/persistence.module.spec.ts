import { Test } from '@nestjs/testing';
import { PersistenceModule } from './persistence.module';
import { PERSISTENCE_REPOSITORIES } from './persistence.repositories';
import { SampleRepository } from './samples/sample.repository';
import { aSample } from './testing/sample.builder';

describe(PersistenceModule.name, () => {
  it('provides every repository over a migrated database', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PersistenceModule.forRoot({ sqlitePath: ':memory:' })] }).compile();
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
});
