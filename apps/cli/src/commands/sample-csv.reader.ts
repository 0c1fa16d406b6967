import { createReadStream, type ReadStream } from 'node:fs';
import { parse, type CsvError } from 'csv-parse';
import { parseTimestamp, type SampleQuality } from '@bsc/common';

export type ParsedRow =
  { signalId: string; ts: number; value: unknown; quality?: SampleQuality } | { reason: string; detail: string };

export interface CsvRow {
  /** 1-based line in the file (the last line of a record that spans several). */
  line: number;
  raw: string;
  parsed: ParsedRow;
}

/**
 * Rows of a `signal,ts,value[,quality]` file, read with a real CSV parser (RFC 4180 quoting, CRLF, quoted commas),
 * an optional header skipped. A row the parser cannot read (an unclosed quote, ...) comes out as `malformed_row`.
 */
export async function* readSampleCsv(
  file: string,
  stream: ReadStream = createReadStream(file),
): AsyncGenerator<CsvRow> {
  const skipped: CsvRow[] = [];
  const parser = stream.pipe(
    parse({
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined, raw: string | undefined) => {
        const line = typeof error?.lines === 'number' ? error.lines : 0;
        skipped.push({
          line,
          raw: (raw ?? '').trim(),
          parsed: { reason: 'malformed_row', detail: error?.message ?? 'unreadable CSV record' },
        });
        return undefined;
      },
    }),
  );
  for await (const { record, info, raw } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number; records: number };
    raw: string;
  }>) {
    yield* skipped.splice(0);
    if (info.records === 1 && /^signal$/i.test(record[0] ?? '')) continue;
    yield { line: info.lines, raw: raw.trim(), parsed: parseRecord(record) };
  }
  yield* skipped.splice(0);
}

/** `signal,ts,value[,quality]` fields. Numbers stay numbers, `true`/`false` booleans. */
export function parseRecord(fields: readonly string[]): ParsedRow {
  if (fields.length < 3 || fields.length > 4)
    return { reason: 'malformed_row', detail: `expected signal,ts,value[,quality], got ${fields.length} fields` };
  const [signalId, tsText, valueText, quality] = fields;
  if (signalId === '') return { reason: 'malformed_row', detail: 'empty signal id' };
  const ts = parseTimestamp(tsText);
  if (ts === null || ts === undefined || tsText === '')
    return { reason: 'invalid_timestamp', detail: `'${tsText}' is neither epoch ms nor ISO-8601` };
  return {
    signalId,
    ts,
    value: parseValue(valueText),
    quality: quality === undefined || quality === '' ? undefined : (quality.toLowerCase() as SampleQuality),
  };
}

function parseValue(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === '') return text;
  const n = Number(text);
  return Number.isNaN(n) && text !== 'NaN' ? text : n;
}
