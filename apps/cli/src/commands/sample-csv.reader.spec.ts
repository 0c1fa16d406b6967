import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecord, readSampleCsv, type CsvRow } from './sample-csv.reader';

describe(readSampleCsv.name, () => {
  let dir: string;
  const read = async (text: string): Promise<CsvRow[]> => {
    const file = join(dir, 'samples.csv');
    writeFileSync(file, text);
    const rows: CsvRow[] = [];
    for await (const row of readSampleCsv(file)) rows.push(row);
    return rows;
  };

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'csv-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('skips the header and blank lines, keeps line numbers, reads CRLF and quoted fields with commas', async () => {
    const rows = await read('signal,ts,value\r\n"line1.speed",1000,12.5\r\n\r\n"a,b",2000,"x, y",bad\r\n');

    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(rows[0].parsed).toEqual({ signalId: 'line1.speed', ts: 1000, value: 12.5, quality: undefined });
    // the quoted comma stays inside its field: 4 fields, not 6
    expect(rows[1].parsed).toEqual({ signalId: 'a,b', ts: 2000, value: 'x, y', quality: 'bad' });
    expect(rows[1].raw).toBe('"a,b",2000,"x, y",bad');
  });

  it('reports a record the parser cannot read as malformed and goes on', async () => {
    const rows = await read('s,1000,1\ns,2000,"unclosed\n');

    expect(rows[0].parsed).toMatchObject({ signalId: 's', ts: 1000 });
    expect(rows[1].parsed).toMatchObject({ reason: 'malformed_row' });
  });

  it.each<[string, string[], object]>([
    ['too few fields', ['a', '1'], { reason: 'malformed_row' }],
    ['an empty signal id', ['', '1', '2'], { reason: 'malformed_row', detail: 'empty signal id' }],
    ['an unreadable timestamp', ['a', 'yesterday', '2'], { reason: 'invalid_timestamp' }],
    [
      'ISO time and a boolean',
      ['a', '1970-01-01T00:00:01Z', 'true', 'GOOD'],
      { signalId: 'a', ts: 1000, value: true, quality: 'good' },
    ],
  ])('parses %s', (_name, fields, expected) => {
    expect(parseRecord(fields)).toMatchObject(expected);
  });
});
