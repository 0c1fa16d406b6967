import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import type { SampleQuality, SignalSample } from '@bsc/common';
import { DeadLetterRepository, IMPORTED_SAMPLE_SOURCE, ModelVersionRepository, openDataSource, SampleRepository, type PersistenceConfig } from '@bsc/persistence';
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import { RecentKeys } from '../../../ingestion/src/pipeline/recent-keys';
import { validateSample, type ValidationLimits } from '../../../ingestion/src/pipeline/sample-validator';
import { compileSignalCatalog } from '../../../ingestion/src/pipeline/signal-catalog';
import { parseTimestamp } from '../../../ingestion/src/pipeline/timestamp';
import { WRITE_POLICY } from '../../../ingestion/src/pipeline/write-policy';

// a running ingestion finds samples of this source by their receipt time and recomputes their KPI periods
const SOURCE = IMPORTED_SAMPLE_SOURCE;
const DAY_MS = 86_400_000;
/** Bad rows listed one by one on stderr; beyond this only their count. */
const MAX_LISTED_ERRORS = 20;

export interface ImportSamplesDeps {
  database: () => PersistenceConfig;
  /** Model file used when the database holds no model version yet. */
  modelFile: () => string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Progress bar on stderr (off in tests and when stderr is not a terminal). */
  progress?: boolean;
}

export interface ImportSummary {
  rows: number;
  stored: number;
  duplicates: number;
  rejected: number;
}

interface RowError {
  line: number;
  reason: string;
  detail: string;
  raw: string;
  signalId?: string;
}

/**
 * `bsc import samples FILE.csv`: rows `signal,ts,value[,quality]` (ts epoch ms or ISO-8601, optional header line),
 * streamed in batches through the pipeline's validation and the idempotent batch insert, without the apps running.
 * Bad rows are reported with their line numbers and dead-lettered. A running ingestion picks the samples up within
 * SAMPLE_IMPORT_POLL_INTERVAL_S and recomputes the KPI periods they touch; a stopped one does so at its next start.
 */
export function registerImportSamplesCommand(program: Command, deps: ImportSamplesDeps): void {
  const importCmd = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('bulk data imports');
  importCmd
    .command('samples')
    .argument('<file>', 'CSV file: signal,ts,value[,quality]')
    .option('--max-age-days <n>', 'refuse samples older than this many days', (v) => Number.parseInt(v, 10), 3650)
    .description('import historical samples from a CSV file into the database')
    .action(async (file: string, options: { maxAgeDays: number }) => {
      const summary = await importSamples(file, deps, { maxFutureMs: 5 * 60_000, maxPastMs: options.maxAgeDays * DAY_MS });
      (deps.stdout ?? process.stdout).write(
        `imported ${summary.rows} rows from ${file}: ${summary.stored} stored, ${summary.duplicates} duplicates, ${summary.rejected} rejected\n`,
      );
      if (summary.rejected > 0) process.exitCode = 2;
    });
}

export async function importSamples(file: string, deps: ImportSamplesDeps, limits: ValidationLimits): Promise<ImportSummary> {
  const err = deps.stderr ?? process.stderr;
  const dataSource = await openDataSource(deps.database());
  try {
    const { model, version } = await modelInForce(new ModelVersionRepository(dataSource), deps.modelFile());
    const catalog = compileSignalCatalog(model, version);
    const samples = new SampleRepository(dataSource);
    const deadLetters = new DeadLetterRepository(dataSource);
    const recent = new RecentKeys(WRITE_POLICY.dedupWindow);
    const summary: ImportSummary = { rows: 0, stored: 0, duplicates: 0, rejected: 0 };
    const bar = deps.progress ?? (process.stderr.isTTY === true) ? new SingleBar({ stream: err, format: 'import [{bar}] {percentage}% | {value}/{total} bytes' }) : undefined;
    bar?.start(statSync(file).size, 0);

    let batch: SignalSample[] = [];
    let errors: RowError[] = [];
    const flush = async (): Promise<void> => {
      const inserted = await samples.insertBatch(batch);
      summary.stored += inserted;
      summary.duplicates += batch.length - inserted;
      if (errors.length > 0) {
        await deadLetters.add(errors.map((e) => ({ source: SOURCE, channel: `${file}:${e.line}`, reason: e.reason, detail: e.detail, raw: e.raw, signalId: e.signalId ?? null })));
        for (const e of errors) {
          if (summary.rejected < MAX_LISTED_ERRORS) err.write(`${file}:${e.line}: ${e.reason}: ${e.detail}\n`);
          summary.rejected += 1;
        }
      }
      batch = [];
      errors = [];
    };

    const stream = createReadStream(file);
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    let lineNo = 0;
    const now = Date.now();
    for await (const line of lines) {
      lineNo += 1;
      if (line.trim() === '' || (lineNo === 1 && /^\s*"?signal"?\s*,/i.test(line))) continue;
      summary.rows += 1;
      const parsed = parseRow(line);
      if ('reason' in parsed) {
        errors.push({ line: lineNo, ...parsed, raw: line });
      } else {
        const outcome = validateSample({ ...parsed, source: SOURCE }, catalog, now, limits);
        if (!outcome.ok) errors.push({ line: lineNo, reason: outcome.reason, detail: outcome.detail, raw: line, signalId: parsed.signalId });
        else if (!recent.add(outcome.sample.signalId, outcome.sample.ts)) summary.duplicates += 1;
        else batch.push(outcome.sample);
      }
      if (batch.length >= WRITE_POLICY.batchSize || errors.length >= WRITE_POLICY.batchSize) {
        await flush();
        bar?.update(stream.bytesRead);
      }
    }
    await flush();
    bar?.update(stream.bytesRead);
    bar?.stop();
    if (summary.rejected > MAX_LISTED_ERRORS) err.write(`... and ${summary.rejected - MAX_LISTED_ERRORS} more bad rows (see \`bsc dead-letters list --reason ...\`)\n`);
    return summary;
  } finally {
    await dataSource.destroy();
  }
}

type ParsedRow = { signalId: string; ts: number; value: unknown; quality?: SampleQuality } | { reason: string; detail: string };

/** `signal,ts,value[,quality]`; fields may be double-quoted. Numbers stay numbers, `true`/`false` booleans. */
export function parseRow(line: string): ParsedRow {
  const fields = line.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  if (fields.length < 3 || fields.length > 4) return { reason: 'malformed_row', detail: `expected signal,ts,value[,quality], got ${fields.length} fields` };
  const [signalId, tsText, valueText, quality] = fields;
  if (signalId === '') return { reason: 'malformed_row', detail: 'empty signal id' };
  const ts = parseTimestamp(tsText);
  if (ts === null || ts === undefined || tsText === '') return { reason: 'invalid_timestamp', detail: `'${tsText}' is neither epoch ms nor ISO-8601` };
  return { signalId, ts, value: parseValue(valueText), quality: quality === undefined || quality === '' ? undefined : (quality.toLowerCase() as SampleQuality) };
}

function parseValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === '') return text;
  const n = Number(text);
  return Number.isNaN(n) && text !== 'NaN' ? text : n;
}

async function modelInForce(versions: ModelVersionRepository, modelFile: string): Promise<{ model: TwinModel; version: number }> {
  const active = await versions.active();
  if (active) return { model: active.model, version: active.version };
  return { model: await loadValidModelFromFile(modelFile), version: 0 };
}
