import type { DataSource } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver runs every query on one connection, so two transactions started concurrently
 * interleave on it and fail ("Transaction is not started yet", or worse, one commits the other's writes). Queueing
 * transactions on SQLite gives each one the connection to itself; PostgreSQL has a pool and needs none of this.
 * Nested `transaction` calls would deadlock on the queue; repositories use the manager they are given instead.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3' && dataSource.options.type !== 'sqlite') return;
  const manager = dataSource.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  const queued = (...args: unknown[]): Promise<unknown> => {
    const run = tail.then(() => original(...args));
    tail = run.catch(() => undefined);
    return run;
  };
  manager.transaction = queued;
  beginImmediately(dataSource);
}

/**
 * Another process (the `bsc` CLI next to the running platform) may write the same file. A deferred transaction that
 * read first cannot take the write lock once the other process committed (SQLITE_BUSY at once, "database is
 * locked", whatever the busy timeout); BEGIN IMMEDIATE takes the write lock up front and waits for it instead.
 */
function beginImmediately(dataSource: DataSource): void {
  const runner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  runner.query = ((sql: string, ...rest: unknown[]) =>
    query(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest)) as typeof runner.query;
}
