import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { persistenceEntities } from '../entities';
import { PERSISTENCE_MIGRATIONS } from '../migrations';

export interface PersistenceConfig {
  /** postgres://user:pass@host:port/db — when set, PostgreSQL is used; otherwise SQLite at sqlitePath. */
  databaseUrl?: string;
  /** SQLite file, default data/bsc.sqlite; ':memory:' for a throw-away database. */
  sqlitePath?: string;
  /** PostgreSQL schema (default: the connection's search_path, usually public). */
  schema?: string;
  logging?: boolean;
  /** Apply pending migrations when the DataSource initialises. */
  migrationsRun?: boolean;
}

export const DEFAULT_SQLITE_PATH = 'data/bsc.sqlite';
/** How long a SQLite writer waits for another connection's lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const MIGRATIONS_TABLE = 'schema_migrations';

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** TypeORM options for the platform's database; never synchronize — the schema is owned by migrations. */
export function createDataSourceOptions(cfg: PersistenceConfig = {}): DataSourceOptions {
  const common = {
    migrations: [...PERSISTENCE_MIGRATIONS],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsRun: cfg.migrationsRun ?? false,
    synchronize: false,
    logging: cfg.logging ?? false,
  };
  if (isPostgresUrl(cfg.databaseUrl)) {
    return {
      ...common,
      entities: [...persistenceEntities('postgres')],
      type: 'postgres',
      url: cfg.databaseUrl,
      schema: cfg.schema,
    };
  }
  const database = cfg.sqlitePath ?? DEFAULT_SQLITE_PATH;
  if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
  return {
    ...common,
    entities: [...persistenceEntities('sqlite')],
    type: 'better-sqlite3',
    database,
    enableWAL: database !== ':memory:',
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // foreign_keys = ON is set by the TypeORM driver on every connection.
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('synchronous = NORMAL');
    },
  };
}
