import type { DataSource } from 'typeorm';
import { DeadLetterRepository, SampleRepository } from '@bsc/persistence';
import type { DeadLetterStore, SampleStore } from '../pipeline-stores.port';
import type { DetailedSubmitResult } from '../sample-intake.port';
import { buildPipeline, NOW, raw } from './pipeline-fakes';

export const T = NOW - 5_000;

/**
 * On a real database: one process stores {scrap, T, 3}; after a restart another submits
 * [{T, 5}, {T, 3}, {T + 1 s, 4}], then {T + 1 s, 6}. What each submit answered, what is stored, which letters.
 */
export async function repeatsOnDatabase(dataSource: DataSource): Promise<{
  answers: DetailedSubmitResult[];
  stored: Array<[number, number]>;
  /** reason, detail, the value of the sample kept whole in the payload */
  letters: Array<[string, string, unknown]>;
}> {
  const samples = new SampleRepository(dataSource);
  const deadLetters = new DeadLetterRepository(dataSource);
  const store: SampleStore & DeadLetterStore = {
    insertNew: (batch, receivedAt, onSent) => samples.insertNew(batch, receivedAt, onSent),
    readStored: (keys) => samples.readStored(keys),
    insert: (records) => deadLetters.insert(records),
  };
  const answers: DetailedSubmitResult[] = [];
  const before = buildPipeline(store).sut;
  answers.push(await before.submit([raw('line1.scrap', 3, T)]));
  await before.beforeApplicationShutdown();
  const after = buildPipeline(store).sut;
  answers.push(
    await after.submit([raw('line1.scrap', 5, T), raw('line1.scrap', 3, T), raw('line1.scrap', 4, T + 1_000)]),
  );
  answers.push(await after.submit([raw('line1.scrap', 6, T + 1_000)]));
  await after.beforeApplicationShutdown();
  const rows = await samples.range('line1.scrap', T, T + 2_000);
  const letters = await deadLetters.list();
  return {
    answers,
    stored: rows.map((s) => [s.ts - T, s.value]),
    letters: letters
      .map((l): [string, string, unknown] => [
        l.reason,
        l.detail ?? '',
        (JSON.parse(l.payload ?? 'null') as { value: unknown } | null)?.value,
      ])
      .sort((a, b) => (a[1] < b[1] ? -1 : 1)),
  };
}

const at = (ms: number): string => new Date(T + ms).toISOString();

/**
 * Hand-worked: after the restart {T, 5} is new to the process, so it is written; the database holds {T, 3}, so it is
 * not inserted, and the read finds 3 ≠ 5: refused (index 0). {T, 3} repeats item 0 in memory; once item 0's write is
 * done, the read finds 3 = 3: a duplicate. {T + 1 s, 4} is stored. The last submit repeats T + 1 s in memory; the read
 * finds 4 ≠ 6: refused.
 */
export const REPEATS_ON_DATABASE_EXPECTED = {
  answers: [
    { accepted: 1, rejected: 0, duplicates: 0, errors: [] },
    {
      accepted: 1,
      rejected: 1,
      duplicates: 1,
      errors: [
        {
          index: 0,
          reason: 'conflicting_duplicate',
          detail: `line1.scrap at ${at(0)} is stored as 3 (good); refused 5 (good)`,
        },
      ],
    },
    {
      accepted: 0,
      rejected: 1,
      duplicates: 0,
      errors: [
        {
          index: 0,
          reason: 'conflicting_duplicate',
          detail: `line1.scrap at ${at(1_000)} is stored as 4 (good); refused 6 (good)`,
        },
      ],
    },
  ],
  stored: [
    [0, 3],
    [1_000, 4],
  ],
  letters: [
    ['conflicting_duplicate', `line1.scrap at ${at(0)} is stored as 3 (good); refused 5 (good)`, 5],
    ['conflicting_duplicate', `line1.scrap at ${at(1_000)} is stored as 4 (good); refused 6 (good)`, 6],
  ],
};
