import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@bsc/persistence';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A migrated PostgreSQL DataSource in a schema of its own, so parallel runs never see each other's rows. */
export class PgTestSchema {
  private constructor(
    readonly schema: string,
    readonly dataSource: DataSource,
  ) {}

  static async create(): Promise<PgTestSchema> {
    const schema = `it_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE SCHEMA "${schema}"`);
    const dataSource = await openDataSource({ databaseUrl: TEST_DATABASE_URL, schema });
    return new PgTestSchema(schema, dataSource);
  }

  async drop(): Promise<void> {
    // a harness may have closed it already
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await adminQuery(`DROP SCHEMA "${this.schema}" CASCADE`);
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
