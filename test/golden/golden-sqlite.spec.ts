import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenScenario } from './golden-scenario';

// The golden scenario on the embedded SQLite file, shared by the ingestion and API processes.
describe('golden scenario on SQLite', () => {
  goldenScenario(
    async () => ({ kind: 'sqlite', dataDir: mkdtempSync(join(tmpdir(), 'bsc-golden-')) }),
    async (db) => rmSync(db.dataDir, { recursive: true, force: true }),
  );
});
