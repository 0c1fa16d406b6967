import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { createDataSourceOptions, PersistenceConfig } from './data-source/data-source-options';
import { initializeDataSource } from './data-source/open-data-source';
import { PERSISTENCE_REPOSITORIES } from './persistence.repositories';

export interface PersistenceModuleAsyncOptions {
  imports?: DynamicModule['imports'];
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => PersistenceConfig | Promise<PersistenceConfig>;
}

/** Connection attempts at boot before the app gives up (the database may start after us in compose). */
const CONNECT_RETRY = { retryAttempts: 5, retryDelay: 2_000 } as const;

const repositoryProviders: Provider[] = PERSISTENCE_REPOSITORIES.map((Repository) => ({
  provide: Repository,
  useFactory: (dataSource: DataSource) => new Repository(dataSource),
  inject: [DataSource],
}));

function withMigrationsDefault(cfg: PersistenceConfig): PersistenceConfig {
  return { ...cfg, migrationsRun: cfg.migrationsRun ?? true };
}

/** Our own initialisation so that boot-time migrations run under the cross-process migration lock. */
async function dataSourceFactory(options?: DataSourceOptions): Promise<DataSource> {
  if (!options) throw new Error('PersistenceModule: no DataSource options');
  return initializeDataSource(options, options.migrationsRun === true);
}

/**
 * The database for an app: one DataSource and the repositories over it, global so feature modules just inject a
 * repository class. Pending migrations run at boot unless `migrationsRun: false` (then run `bsc db migrate`).
 */
@Module({})
export class PersistenceModule {
  static forRoot(cfg: PersistenceConfig = {}): DynamicModule {
    return PersistenceModule.withTypeOrm(
      TypeOrmModule.forRootAsync({
        useFactory: () => ({ ...createDataSourceOptions(withMigrationsDefault(cfg)), ...CONNECT_RETRY }),
        dataSourceFactory,
      }),
    );
  }

  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    return PersistenceModule.withTypeOrm(
      TypeOrmModule.forRootAsync({
        imports: options.imports,
        inject: options.inject,
        useFactory: async (...args: unknown[]) => {
          const cfg = await options.useFactory(...(args as never[]));
          return { ...createDataSourceOptions(withMigrationsDefault(cfg)), ...CONNECT_RETRY };
        },
        dataSourceFactory,
      }),
    );
  }

  private static withTypeOrm(typeOrm: DynamicModule): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [typeOrm],
      providers: repositoryProviders,
      exports: repositoryProviders,
    };
  }
}
