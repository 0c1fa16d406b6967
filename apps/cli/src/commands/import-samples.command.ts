import { createReadStream, statSync } from 'node:fs';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import {
  conflictDetail,
  CONFLICTING_DUPLICATE,
  RecentKeys,
  sortRepeats,
  writeUnstored,
  type Conflict,
  type SignalSample,
} from '@bsc/common';
import {
  DeadLetterRepository,
  IMPORTED_SAMPLE_SOURCE,
  ModelVersionRepository,
  openDataSource,
  SamplePartitionRepository,
  SampleRepository,
  type PersistenceConfig,
} from '@bsc/persistence';
import {
  compileSignalCatalog,
  loadValidModelFromFile,
  validateSample,
  type TwinModel,
  type ValidationLimits,
} from '@bsc/twin';
import { databaseSink, sampleLogSink, type ImportSampleLog, type ImportSampleSink } from './import-sample-sink';
import { positiveInt } from './option-parsers';
import { readSampleCsv } from './sample-csv.reader';

// a running ingestion finds samples of this source by their receipt time and recomputes their KPI periods
const SOURCE = IMPORTED_SAMPLE_SOURCE;
const DAY_MS = 86_400_000;
/** Rows per insert transaction, as in the ingestion write path. */
const BATCH_ROWS = 1_000;
/** Timestamps remembered per signal to tell repeated rows before the insert (compared with the stored row after it). */
const DEDUP_WINDOW = 1_024;
/** Bad rows listed one by one on stderr; beyond this only their count. */
const MAX_LISTED_ERRORS = 20;

export interface ImportSamplesDeps {
  database: () => PersistenceConfig;
  /** Model file used when the database holds no model version yet. */
  modelFile: () => string;
  /** The platform's JetStream sample log when it runs with one (SAMPLE_LOG=jetstream); the samples then go there. */
  sampleLog?: () => ImportSampleLog | undefined;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Progress bar on stderr (off in tests and when stderr is not a terminal). */
  progress?: boolean;
}

export interface ImportSamplesCommandDeps extends ImportSamplesDeps {
  /** INGEST_MAX_FUTURE_S: samples stamped further ahead of our clock are refused, as the ingestion refuses them. */
  maxFutureS: () => number;
}

export interface ImportSummary {
  rows: number;
  /** Samples taken as new: stored in the database, or appended to the JetStream sample log (`verb` says which). */
  stored: number;
  verb: string;
  duplicates: number;
  /** Bad rows, and rows that repeat a stored (signal, ts) with another reading (`conflicting_duplicate`). */
  rejected: number;
}

/** Where a validated sample came from in the file: a refused repeat is reported and dead-lettered as its row. */
interface Row {
  line: number;
  raw: string;
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
 * Bad rows are reported with their line numbers and dead-lettered, and so is a row that repeats a stored (signal, ts)
 * with another reading (an exact repeat is a duplicate). A running ingestion picks the samples up within
 * SAMPLE_IMPORT_POLL_INTERVAL_S and recomputes the KPI periods they touch; a stopped one does so at its next start.
 * With SAMPLE_LOG=jetstream the samples are appended to the sample log instead, for the KPI workers (sampleLogSink).
 */
export function registerImportSamplesCommand(program: Command, deps: ImportSamplesCommandDeps): void {
  const importCmd =
    program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('bulk data imports');
  importCmd
    .command('samples')
    .argument('<file>', 'CSV file: signal,ts,value[,quality]')
    .option('--max-age-days <n>', 'refuse samples older than this many days', positiveInt, 3650)
    .description('import historical samples from a CSV file into the database')
    .action(async (file: string, options: { maxAgeDays: number }) => {
      const summary = await importSamples(file, deps, {
        maxFutureMs: deps.maxFutureS() * 1000,
        maxPastMs: options.maxAgeDays * DAY_MS,
      });
      (deps.stdout ?? process.stdout).write(
        `imported ${summary.rows} rows from ${file}: ${summary.stored} ${summary.verb}, ${summary.duplicates} duplicates, ${summary.rejected} rejected\n`,
      );
      if (summary.rejected > 0) process.exitCode = 2;
    });
}

export async function importSamples(
  file: string,
  deps: ImportSamplesDeps,
  limits: ValidationLimits,
): Promise<ImportSummary> {
  const err = deps.stderr ?? process.stderr;
  const dataSource = await openDataSource(deps.database());
  let sink: ImportSampleSink | undefined;
  try {
    const { model, version } = await modelInForce(new ModelVersionRepository(dataSource), deps.modelFile());
    const catalog = compileSignalCatalog(model, version);
    const sampleLog = deps.sampleLog?.();
    sink = sampleLog
      ? await sampleLogSink(sampleLog, model, new SampleRepository(dataSource))
      : databaseSink(new SampleRepository(dataSource), new SamplePartitionRepository(dataSource));
    const out = sink;
    const deadLetters = new DeadLetterRepository(dataSource);
    const recent = new RecentKeys(DEDUP_WINDOW);
    const summary: ImportSummary = { rows: 0, stored: 0, verb: out.verb, duplicates: 0, rejected: 0 };
    const bar =
      (deps.progress ?? process.stderr.isTTY === true)
        ? new SingleBar({ stream: err, format: 'import [{bar}] {percentage}% | {value}/{total} bytes' })
        : undefined;
    bar?.start(statSync(file).size, 0);

    let batch: SignalSample[] = [];
    // the rows of the batch, and of the repeats of keys seen before, by sample
    let rowOf = new Map<SignalSample, Row>();
    let repeats: SignalSample[] = [];
    let errors: RowError[] = [];
    const flush = async (): Promise<void> => {
      const { fresh, exact, conflicts } = await (out.passesOnUnstored
        ? appendUnstored(out, [...batch, ...repeats])
        : writeThenCompare(out, batch, repeats));
      summary.stored += fresh;
      summary.duplicates += exact - fresh;
      for (const conflict of conflicts) {
        const { line, raw } = rowOf.get(conflict.refused)!;
        const detail = conflictDetail(conflict);
        errors.push({ line, reason: CONFLICTING_DUPLICATE, detail, raw, signalId: conflict.refused.signalId });
      }
      errors.sort((a, b) => a.line - b.line);
      if (errors.length > 0) {
        await deadLetters.add(
          errors.map((e) => ({
            source: SOURCE,
            channel: `${file}:${e.line}`,
            reason: e.reason,
            detail: e.detail,
            raw: e.raw,
            signalId: e.signalId ?? null,
          })),
        );
        for (const e of errors) {
          if (summary.rejected < MAX_LISTED_ERRORS) err.write(`${file}:${e.line}: ${e.reason}: ${e.detail}\n`);
          summary.rejected += 1;
        }
      }
      batch = [];
      rowOf = new Map();
      repeats = [];
      errors = [];
    };

    const stream = createReadStream(file);
    const now = Date.now();
    for await (const { line, raw, parsed } of readSampleCsv(file, stream)) {
      summary.rows += 1;
      if ('reason' in parsed) {
        errors.push({ line, ...parsed, raw });
      } else {
        const outcome = validateSample({ ...parsed, source: SOURCE }, catalog, now, limits);
        if (!outcome.ok)
          errors.push({ line, reason: outcome.reason, detail: outcome.detail, raw, signalId: parsed.signalId });
        else {
          rowOf.set(outcome.sample, { line, raw });
          (recent.add(outcome.sample.signalId, outcome.sample.ts) ? batch : repeats).push(outcome.sample);
        }
      }
      if (batch.length >= BATCH_ROWS || repeats.length >= BATCH_ROWS || errors.length >= BATCH_ROWS) {
        await flush();
        bar?.update(stream.bytesRead);
      }
    }
    await flush();
    bar?.update(stream.bytesRead);
    bar?.stop();
    if (summary.rejected > MAX_LISTED_ERRORS)
      err.write(
        `... and ${summary.rejected - MAX_LISTED_ERRORS} more bad rows (see \`bsc dead-letters list --reason ...\`)\n`,
      );
    return summary;
  } finally {
    await sink?.close();
    await dataSource.destroy();
  }
}

interface Written {
  /** Samples the sink took as new. */
  fresh: number;
  /** Samples that are no conflict: the new ones and the repeats of a stored reading. */
  exact: number;
  conflicts: Array<Conflict<SignalSample>>;
}

/**
 * The database: the insert tells which rows were new, so only the rows it did not take and the file's repeats are
 * read back, once their originals are written.
 */
async function writeThenCompare(
  out: ImportSampleSink,
  batch: readonly SignalSample[],
  repeats: readonly SignalSample[],
): Promise<Written> {
  const taken = new Set(await out.write(batch));
  const notTaken = batch.filter((s) => !taken.has(s));
  const { exact, conflicts } = await sortRepeats([...repeats, ...notTaken], out.readStored);
  return { fresh: taken.size, exact: exact + taken.size, conflicts };
}

/**
 * The log: what the workers stored is read back first, in one read for the batch, so a row stored by an earlier
 * run is a duplicate or refused by its line here rather than logged for a worker to drop or dead-letter; the rest
 * is appended (the batch's rows before the file's repeats, so a repeat follows its first), and what the log drops
 * by its id is an exact repeat.
 */
async function appendUnstored(out: ImportSampleSink, samples: readonly SignalSample[]): Promise<Written> {
  const { fresh, exact, conflicts } = await writeUnstored(samples, out.readStored, (unstored) => out.write(unstored));
  return { fresh: fresh.length, exact, conflicts };
}

async function modelInForce(
  versions: ModelVersionRepository,
  modelFile: string,
): Promise<{ model: TwinModel; version: number }> {
  const active = await versions.active();
  if (active) return { model: active.model, version: active.version };
  return { model: await loadValidModelFromFile(modelFile), version: 0 };
}
