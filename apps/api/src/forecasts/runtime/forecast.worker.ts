import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { serveForecasts, type ForecastWorkerData } from './forecast-worker-protocol';
import { lowerThreadPriority } from './thread-priority';

// Worker entry: one per API process, holding the model and the runs' memos between jobs (see ThreadForecastRunner).
if (parentPort) {
  const data = workerData as ForecastWorkerData;
  lowerThreadPriority(data.nice ?? 0);
  serveForecasts(parentPort, data);
}
