import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenScenario } from './golden-scenario';

// every answer comes from spawned processes and, for the dashboard, a real browser
jest.setTimeout(30_000);

// The golden scenario on the embedded SQLite file, shared by the ingestion and API processes; and in the dashboard.
describe('golden scenario on SQLite', () => {
  goldenScenario(
    () => Promise.resolve({ kind: 'sqlite', dataDir: mkdtempSync(join(tmpdir(), 'bsc-golden-')) }),
    (db) => Promise.resolve(rmSync(db.dataDir, { recursive: true, force: true })),
    { dashboard: true },
  );
});
