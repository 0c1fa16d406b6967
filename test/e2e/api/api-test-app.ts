import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ACTIVE_MODEL, CoreInfraModule, listenHttpApp, loadConfig, type ActiveModel } from '@bsc/app-kit';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { AlertRepository, KpiValueRepository, SampleRepository } from '@bsc/persistence';
import { ApiFeaturesModule, graphqlResponseCacheFront } from '../../../apps/api/src/api-features.module';
import { Authenticator } from '../../../apps/api/src/auth/authenticator.service';
import type { Role } from '../../../apps/api/src/auth/principal';
import { ApiConfig } from '../../../apps/api/src/config/api.config';
import { FORECAST_PROVIDER, type ForecastProvider } from '../../../apps/api/src/forecasts/forecast-provider.port';
import { START_TIMEOUT_MS, trackOpen } from '../../support';

// booting Nest, migrating SQLite and importing the demo model takes seconds, and far more on a loaded machine
jest.setTimeout(START_TIMEOUT_MS);

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-!!';

export interface ApiTestApp {
  app: INestApplication;
  url: string;
  wsUrl: string;
  activeModel: ActiveModel;
  kpiValues: KpiValueRepository;
  samples: SampleRepository;
  alerts: AlertRepository;
  bus: EventBus;
  token(role: Role, units?: string[]): string;
  close(): Promise<void>;
}

/**
 * Boots ApiFeaturesModule as the api app does (CoreInfraModule: logs, bus, persistence on a temp SQLite, the real
 * ACTIVE_MODEL importing the demo model) on a free port.
 */
export function startApiTestApp(env: Record<string, string> = {}, forecasts?: ForecastProvider): Promise<ApiTestApp> {
  return trackOpen('the API test app', bootApiTestApp(env, forecasts));
}

async function bootApiTestApp(env: Record<string, string>, forecasts?: ForecastProvider): Promise<ApiTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bsc-api-e2e-'));
  const config = loadConfig(ApiConfig, {
    env: { BSC_PROFILE: 'test', LOG_LEVEL: 'silent', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, ...env },
  });
  const builder = Test.createTestingModule({
    imports: [CoreInfraModule.forRoot(config), ApiFeaturesModule.register(config)],
  });
  // a stand-in forecasting runtime (forecasts and link estimates chosen by the test)
  if (forecasts) builder.overrideProvider(FORECAST_PROVIDER).useValue(forecasts);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: false });
  const server = await listenHttpApp(app, 0, '127.0.0.1', graphqlResponseCacheFront(app));
  const { port } = server.address() as AddressInfo;
  const auth = app.get(Authenticator);
  return {
    app,
    url: `http://127.0.0.1:${port}${config.GRAPHQL_PATH}`,
    wsUrl: `ws://127.0.0.1:${port}${config.GRAPHQL_PATH}`,
    activeModel: app.get<ActiveModel>(ACTIVE_MODEL),
    kpiValues: app.get(KpiValueRepository),
    samples: app.get(SampleRepository),
    alerts: app.get(AlertRepository),
    bus: app.get<EventBus>(EVENT_BUS),
    token: (role, units) => auth.signToken(`${role}-user`, role, units ?? null),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface GqlError {
  message: string;
  extensions?: { code?: string; field?: string; issues?: Array<{ path: string; message: string }> };
}

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GqlError[];
}

/** POSTs one operation as JSON. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GqlResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
