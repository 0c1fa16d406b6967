import { readFileSync, writeFileSync } from 'fs';

/** One row of a wide CSV: the series id and its observations in time order (padding removed). */
export interface WideSeries {
  id: string;
  values: number[];
}

const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'null']);

function unquote(field: string): string {
  const trimmed = field.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) {
    return trimmed.slice(1, -1).replace(/""/g, '"');
  }
  return trimmed;
}

/** Splits one CSV line, honouring double-quoted fields (ids could in principle contain commas). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',').map((f) => f.trim());
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** A header is a first line whose value fields are not numbers (`id,v1,v2` or M4's `"V1","V2"`). */
function isHeader(fields: string[]): boolean {
  const values = fields.slice(1).filter((f) => !MISSING.has(f));
  return values.length > 0 && values.every((f) => Number.isNaN(Number(f)));
}

/**
 * Parses a wide CSV (id then values, right-padded with empty or NA fields).
 * Missing fields are allowed only as right padding; a gap inside a series is an error.
 */
export function parseWideCsv(text: string): WideSeries[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) return [];
  const first = splitCsvLine(lines[0]).map(unquote);
  const start = isHeader(first) ? 1 : 0;
  const rows: WideSeries[] = [];
  for (let li = start; li < lines.length; li++) {
    const fields = splitCsvLine(lines[li]).map(unquote);
    const values: number[] = [];
    let ended = false;
    for (let j = 1; j < fields.length; j++) {
      const f = fields[j];
      if (MISSING.has(f)) {
        ended = true;
        continue;
      }
      const v = Number(f);
      if (ended || Number.isNaN(v)) {
        throw new Error(`line ${li + 1}: invalid value "${f}" in field ${j + 1} (gaps are not allowed)`);
      }
      values.push(v);
    }
    rows.push({ id: fields[0], values });
  }
  return rows;
}

export function readWideCsv(path: string): WideSeries[] {
  return parseWideCsv(readFileSync(path, 'utf8'));
}

/** Formats rows as `id,F1..FH` (header included), padding shorter rows with empty fields. */
export function formatWideCsv(rows: readonly WideSeries[], prefix = 'F'): string {
  const width = rows.reduce((w, r) => Math.max(w, r.values.length), 0);
  const header = ['id', ...Array.from({ length: width }, (_, i) => `${prefix}${i + 1}`)].join(',');
  const body = rows.map((r) => {
    const cells = r.values.map((v) => formatNumber(v));
    while (cells.length < width) cells.push('');
    return [quoteIfNeeded(r.id), ...cells].join(',');
  });
  return [header, ...body].join('\n') + '\n';
}

export function writeWideCsv(path: string, rows: readonly WideSeries[], prefix = 'F'): void {
  writeFileSync(path, formatWideCsv(rows, prefix));
}

function formatNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(12))) : 'NA';
}

function quoteIfNeeded(id: string): string {
  return /[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id;
}
