import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/rig/scratch-database';
import { goldenScenario } from './golden-scenario';

// every answer comes from spawned processes and, for the dashboard, a real browser
jest.setTimeout(30_000);

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// The golden scenario on PostgreSQL, in a database of its own that is dropped afterwards.
describe('golden scenario on PostgreSQL', () => {
  const databases = new Map<string, ScratchDatabase>();
  goldenScenario(
    async () => {
      const database = await createScratchDatabase(ADMIN_URL, 'golden');
      databases.set(database.url, database);
      return { kind: 'postgres', url: database.url, dataDir: mkdtempSync(join(tmpdir(), 'bsc-golden-')) };
    },
    async (db) => {
      rmSync(db.dataDir, { recursive: true, force: true });
      if (db.kind !== 'postgres') return;
      await databases.get(db.url)?.drop();
      databases.delete(db.url);
    },
  );
});
