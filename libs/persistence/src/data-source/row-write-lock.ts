import type { EntityManager } from 'typeorm';

/**
 * Writers of one history (a row in force and the rows it superseded) take turns on PostgreSQL until their transaction
 * ends: two writing at once would each supersede the row in force and insert their own, and the second insert would
 * break the one-in-force index. SQLite writes one at a time.
 */
export async function lockRowWrites(manager: EntityManager, lockClass: number, key: string): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockClass, key]);
}
