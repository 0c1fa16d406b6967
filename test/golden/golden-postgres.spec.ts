import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { goldenScenario } from './golden-scenario';

// every answer comes from spawned processes and, for the dashboard, a real browser
jest.setTimeout(30_000);

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// The golden scenario on PostgreSQL, in a database of its own that is dropped afterwards.
describe('golden scenario on PostgreSQL', () => {
  goldenScenario(
    async () => {
      const name = `golden_${randomBytes(6).toString('hex')}`;
      await admin(`CREATE DATABASE "${name}"`);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      return { kind: 'postgres', url: url.toString(), dataDir: mkdtempSync(join(tmpdir(), 'bsc-golden-')) };
    },
    async (db) => {
      rmSync(db.dataDir, { recursive: true, force: true });
      if (db.kind === 'postgres')
        await admin(`DROP DATABASE IF EXISTS "${new URL(db.url).pathname.slice(1)}" WITH (FORCE)`);
    },
  );
});
