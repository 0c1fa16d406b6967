import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { serveForecasts, type ForecastWorkerData } from './forecast-worker-protocol';

// Worker entry: one per API process, holding the model and the runs' memos between jobs (see ThreadForecastRunner).
if (parentPort) serveForecasts(parentPort, workerData as ForecastWorkerData);
