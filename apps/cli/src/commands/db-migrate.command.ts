import type { Command } from 'commander';
import { findSchemaDrift, migrate, migrationStatus, openDataSource, type PersistenceConfig } from '@bsc/persistence';

export interface DbCommandIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

type OpenedDataSource = Awaited<ReturnType<typeof openDataSource>>;

async function withDatabase<T>(cfg: PersistenceConfig, work: (dataSource: OpenedDataSource) => Promise<T>): Promise<T> {
  const dataSource = await openDataSource(cfg, { migrate: false });
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * `bsc db migrate` applies pending migrations; `bsc db drift` exits 1 when the database differs from the entities
 * (pending migrations, or changes no migration describes); `bsc db revert` undoes the most recent migration.
 */
export function registerDbCommands(program: Command, resolveDb: () => PersistenceConfig, io: DbCommandIo = {}): void {
  const out = io.stdout ?? process.stdout;
  const err = io.stderr ?? process.stderr;
  const db = program.command('db').description('database schema: migrate, check drift, revert');

  db.command('migrate')
    .description('apply pending migrations')
    .action(async () => {
      const applied = await withDatabase(resolveDb(), migrate);
      out.write(
        applied.length === 0 ? 'database is up to date\n' : applied.map((name) => `applied ${name}\n`).join(''),
      );
    });

  db.command('drift')
    .description('compare the database with the entities; exit 1 when they differ')
    .action(async () => {
      const { pending, drift } = await withDatabase(resolveDb(), async (dataSource) => ({
        pending: (await migrationStatus(dataSource)).pending,
        drift: await findSchemaDrift(dataSource),
      }));
      if (pending.length === 0 && drift.length === 0) {
        out.write('no drift: the schema matches the entities\n');
        return;
      }
      for (const name of pending) err.write(`pending migration: ${name}\n`);
      for (const sql of drift) err.write(`drift: ${sql}\n`);
      err.write(
        pending.length > 0
          ? 'schema is behind: run `bsc db migrate`\n'
          : 'schema differs from the entities: write a migration\n',
      );
      process.exitCode = 1;
    });

  db.command('revert')
    .description('undo the most recent migration')
    .action(async () => {
      const reverted = await withDatabase(resolveDb(), async (dataSource) => {
        const { applied } = await migrationStatus(dataSource);
        if (applied.length === 0) return undefined;
        await dataSource.undoLastMigration({ transaction: 'each' });
        return applied[applied.length - 1];
      });
      out.write(reverted === undefined ? 'nothing to revert\n' : `reverted ${reverted}\n`);
    });
}
