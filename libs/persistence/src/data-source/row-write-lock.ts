import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

/**
 * Writers of one history (a row in force and the rows it superseded) take turns on PostgreSQL until their transaction
 * ends: two writing at once would each supersede the row in force and insert their own, and the second insert would
 * break the one-in-force index. SQLite writes one at a time.
 */
export async function lockRowWrites(manager: EntityManager, lockClass: number, key: string): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [lockClass, key]);
}

/**
 * A writer stamps its time before it gets its turn: one that stamped earlier but waited longer would supersede the
 * row in force before that row began. Its write counts as made in the same millisecond instead (the later wins).
 * Call it holding the history's lock; `inForce` selects the history's row in force, `stamp` names its time column.
 */
export async function stampNotBeforeInForce<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  inForce: FindOptionsWhere<E>,
  stamp: keyof E & string,
  at: number,
): Promise<number> {
  const row = await manager.getRepository(entity).findOneBy(inForce);
  return row ? Math.max(at, Number(row[stamp])) : at;
}
