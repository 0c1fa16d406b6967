import { DataSource, MigrationExecutor } from 'typeorm';

export interface MigrationStatus {
  /** Names of applied migrations, oldest first. */
  applied: string[];
  /** Names of migrations not applied yet, in the order they would run. */
  pending: string[];
}

export async function migrationStatus(dataSource: DataSource): Promise<MigrationStatus> {
  const executor = new MigrationExecutor(dataSource);
  const [executed, pending] = await Promise.all([executor.getExecutedMigrations(), executor.getPendingMigrations()]);
  return {
    applied: executed.sort((a, b) => a.timestamp - b.timestamp).map((m) => m.name),
    pending: pending.map((m) => m.name),
  };
}
