import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { computeForecasts, type ComputeForecastsInput } from './compute-forecasts';

// Worker entry: one job per worker, so a crash or a leak in a job never touches the API's event loop.
computeForecasts(workerData as ComputeForecastsInput).then(
  (output) => parentPort?.postMessage({ ok: true, output }),
  (error: unknown) =>
    parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) }),
);
