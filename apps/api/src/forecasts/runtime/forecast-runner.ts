import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ForecastJobOutput } from '../job/forecast-job';
import { computeForecasts, type ComputeForecastsInput } from './compute-forecasts';

const WORKER_FILE = join(__dirname, 'forecast.worker.js');

/**
 * Runs a forecast job on a worker thread so forecasting never blocks ingestion or queries. In-process only where a
 * worker cannot work: an in-memory SQLite database (not shared across threads) or uncompiled sources (tests).
 */
export function runForecasts(input: ComputeForecastsInput): Promise<ForecastJobOutput> {
  const inMemory = !input.database.databaseUrl && input.database.sqlitePath === ':memory:';
  if (inMemory || !existsSync(WORKER_FILE)) return computeForecasts(input);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: input });
    worker.once('message', (message: { ok: true; output: ForecastJobOutput } | { ok: false; error: string }) => {
      if (message.ok) resolve(message.output);
      else reject(new Error(`forecast worker failed: ${message.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`forecast worker exited with code ${code}`));
    });
  });
}
