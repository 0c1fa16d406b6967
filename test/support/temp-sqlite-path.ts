import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A SQLite file in a fresh temporary folder; `cleanup` removes the folder with the file and its journal. */
export function tempSqlitePath(): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-test-'));
  return { path: join(dir, 'bsc.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
