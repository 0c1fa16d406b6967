import type { Command } from 'commander';
import {
  DeadLetterRepository,
  MAX_DEAD_LETTER_LIMIT,
  openDataSource,
  type DeadLetter,
  type PersistenceConfig,
} from '@bsc/persistence';
import { positiveInt } from './option-parsers';

export interface DeadLetterCommandDeps {
  database: () => PersistenceConfig;
  stdout?: NodeJS.WritableStream;
}

/** Longest payload excerpt printed per entry. */
const PAYLOAD_PREVIEW_CHARS = 120;

async function withDeadLetters<T>(
  deps: DeadLetterCommandDeps,
  work: (repo: DeadLetterRepository) => Promise<T>,
): Promise<T> {
  const dataSource = await openDataSource(deps.database(), { migrate: false });
  try {
    return await work(new DeadLetterRepository(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

/** `bsc dead-letters list [--reason R] [--source S] [--limit N] [--json]` and `bsc dead-letters stats`. */
export function registerDeadLettersCommand(program: Command, deps: DeadLetterCommandDeps): void {
  const out = deps.stdout ?? process.stdout;
  const cmd = program.command('dead-letters').description('messages and samples the ingestion pipeline rejected');

  cmd
    .command('list')
    .option('--reason <code>', 'only this reason code (e.g. invalid_json, out_of_range)')
    .option('--source <source>', 'only this source (mqtt, sparkplug, http, csv, ...)')
    .option('--limit <n>', `newest N entries (max ${MAX_DEAD_LETTER_LIMIT})`, positiveInt, 50)
    .option('--json', 'one JSON object per line')
    .description('list dead letters, newest first')
    .action(async (options: { reason?: string; source?: string; limit: number; json?: boolean }) => {
      const entries = await withDeadLetters(deps, (repo) =>
        repo.list({ reason: options.reason, source: options.source, limit: options.limit }),
      );
      if (options.json) {
        for (const e of entries) out.write(`${JSON.stringify(e)}\n`);
        return;
      }
      if (entries.length === 0) out.write('no dead letters\n');
      for (const e of entries) out.write(`${formatEntry(e)}\n`);
    });

  cmd
    .command('stats')
    .description('dead letters counted by reason')
    .action(async () => {
      const counts = await withDeadLetters(deps, (repo) => repo.countsByReason());
      const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
      if (rows.length === 0) return void out.write('no dead letters\n');
      const width = Math.max(...rows.map(([r]) => r.length), 'reason'.length);
      out.write(`${'reason'.padEnd(width)}  count\n`);
      for (const [reason, count] of rows) out.write(`${reason.padEnd(width)}  ${count}\n`);
      out.write(`${'total'.padEnd(width)}  ${rows.reduce((n, [, c]) => n + c, 0)}\n`);
    });
}

export function formatEntry(e: DeadLetter): string {
  const payload =
    e.payload === null
      ? ''
      : e.payloadEncoding === 'base64'
        ? `[base64 ${e.payload.length} chars]`
        : oneLine(e.payload);
  return `#${e.id} ${new Date(e.receivedAt).toISOString()} ${e.source} ${e.reason}${e.channel ? ` ${e.channel}` : ''}: ${e.detail}${payload ? ` | ${payload}` : ''}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > PAYLOAD_PREVIEW_CHARS ? `${flat.slice(0, PAYLOAD_PREVIEW_CHARS)}…` : flat;
}
