/* Reads a NAB-layout folder: data/<category>/<file>.csv, labels/combined_windows.json, config/profiles.json. */
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import type { NabProfile, NabWindow } from './nab-scorer';

export interface NabSeries {
  /** `<category>/<file>.csv`, NAB's key for the file. */
  key: string;
  category: string;
  timestamps: number[];
  values: number[];
  windows: NabWindow[];
}

/** NAB timestamps (`2014-04-10 07:15:00`, windows with `.000000`) are naive: read as UTC; an explicit zone is kept. */
export function parseNabTimestamp(text: string): number {
  const iso = text
    .trim()
    .replace(' ', 'T')
    .replace(/(\.\d{3})\d*$/, '$1');
  const ms = Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) throw new Error(`not a NAB timestamp: "${text}"`);
  return ms;
}

export function formatNabTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Rows of a CSV with a header, as objects keyed by column name. */
export function readCsvRows(file: string): Record<string, string>[] {
  return parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
}

export function readNabProfiles(dir: string): NabProfile[] {
  const json = JSON.parse(readFileSync(join(dir, 'config', 'profiles.json'), 'utf8')) as Record<
    string,
    { CostMatrix: Record<string, number> }
  >;
  return Object.entries(json).map(([name, p]) => ({
    name,
    tpWeight: p.CostMatrix.tpWeight,
    fpWeight: p.CostMatrix.fpWeight,
    fnWeight: p.CostMatrix.fnWeight,
  }));
}

/** Every series of the folder with its label windows, in a stable (sorted) order. */
export function readNabCorpus(dir: string): NabSeries[] {
  const windows = JSON.parse(readFileSync(join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  const dataDir = join(dir, 'data');
  const out: NabSeries[] = [];
  for (const category of readdirSync(dataDir).sort()) {
    for (const file of readdirSync(join(dataDir, category))
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const key = `${category}/${file}`;
      const rows = readCsvRows(join(dataDir, category, file));
      const labelled = windows[key];
      if (!labelled) throw new Error(`no label windows for ${key}`);
      out.push({
        key,
        category,
        timestamps: rows.map((r) => parseNabTimestamp(r.timestamp)),
        values: rows.map((r) => Number(r.value)),
        windows: labelled.map(([start, end]) => ({ start: parseNabTimestamp(start), end: parseNabTimestamp(end) })),
      });
    }
  }
  return out;
}

/** A published detector's scores for one file: results/<detector>/<category>/<detector>_<file>.csv. */
export function readNabDetectorScores(resultsDir: string, detector: string, key: string): number[] {
  const [category, file] = key.split('/');
  const path = join(resultsDir, detector, category, `${detector}_${file}`);
  if (!existsSync(path)) throw new Error(`no ${detector} results for ${key}`);
  return readCsvRows(path).map((r) => Number(r.anomaly_score));
}
