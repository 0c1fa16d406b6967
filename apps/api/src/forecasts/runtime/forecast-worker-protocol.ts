import type { PersistenceConfig } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import {
  ForecastSession,
  type ComputeForecasts,
  type ForecastRequest,
  type ForecastRunOutput,
} from './forecast-session';

/** What a forecast worker starts with: sent once, and again only by a replacement worker. */
export interface ForecastWorkerData {
  database: PersistenceConfig;
  model: TwinModel;
  /** The worker thread's nice value (see lowerThreadPriority); absent or 0: the API's priority. */
  nice?: number;
}

/** To the worker: a new model version (between jobs), or a job. */
export type ForecastWorkerRequest =
  { type: 'model'; model: TwinModel } | { type: 'run'; id: number; request: ForecastRequest };

/** From the worker: a job's output or the message of its error. */
export type ForecastWorkerReply =
  { id: number; ok: true; output: ForecastRunOutput } | { id: number; ok: false; error: string };

/** The worker's side of its port (parentPort, or a MessagePort in tests). */
export interface ForecastWorkerPort {
  on(event: 'message', listener: (message: ForecastWorkerRequest) => void): unknown;
  postMessage(reply: ForecastWorkerReply): void;
}

/** Serves forecast jobs on `port` with one session: the model and the memos stay here between jobs. */
export function serveForecasts(
  port: ForecastWorkerPort,
  data: ForecastWorkerData,
  compute?: ComputeForecasts,
): ForecastSession {
  const session = new ForecastSession(data.database, data.model, compute);
  port.on('message', (message) => {
    if (message.type === 'model') {
      session.setModel(message.model);
      return;
    }
    const { id, request } = message;
    session.run(request).then(
      (output) => port.postMessage({ id, ok: true, output }),
      (error: unknown) =>
        port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  return session;
}
