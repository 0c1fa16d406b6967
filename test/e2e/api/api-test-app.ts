import type { AddressInfo } from 'node:net';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ACTIVE_MODEL, CoreInfraModule, loadConfig } from '@bsc/app-kit';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { loadValidModelFromFile, type TwinModel } from '@bsc/twin';
import { ApiFeaturesModule } from '../../../apps/api/src/api-features.module';
import { Authenticator } from '../../../apps/api/src/auth/authenticator.service';
import type { Role } from '../../../apps/api/src/auth/principal';
import { ApiConfig } from '../../../apps/api/src/config/api.config';
import { ALERT_STORE, type AlertStore } from '../../../apps/api/src/stores/alert.store';
import { KPI_VALUE_STORE, type InMemoryKpiValueStore } from '../../../apps/api/src/stores/kpi-value.store';
import { InMemoryModelCatalog, MODEL_CATALOG } from '../../../apps/api/src/stores/model-catalog.store';

export const DEMO_MODEL_FILE = 'models/demo/acme-manufacturing.yaml';

let demoModel: Promise<TwinModel> | undefined;
export function loadDemoModel(): Promise<TwinModel> {
  return (demoModel ??= loadValidModelFromFile(DEMO_MODEL_FILE));
}

export interface ApiTestApp {
  app: INestApplication;
  url: string;
  wsUrl: string;
  catalog: InMemoryModelCatalog;
  kpiValues: InMemoryKpiValueStore;
  alerts: AlertStore;
  bus: EventBus;
  token(role: Role, units?: string[]): string;
  close(): Promise<void>;
}

/** Boots ApiFeaturesModule (test profile, in-memory stores, the demo model as ACTIVE_MODEL) on a free port. */
export async function startApiTestApp(env: Record<string, string> = {}, model?: TwinModel): Promise<ApiTestApp> {
  const config = loadConfig(ApiConfig, { env: { BSC_PROFILE: 'test', LOG_LEVEL: 'silent', JWT_SECRET: 'test-secret-test-secret-test-secret-!!', ...env } });
  const catalog = new InMemoryModelCatalog(model ?? (await loadDemoModel()), 0);

  @Global()
  @Module({ providers: [{ provide: ACTIVE_MODEL, useValue: catalog }, { provide: MODEL_CATALOG, useValue: catalog }], exports: [ACTIVE_MODEL, MODEL_CATALOG] })
  class FakeModelModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [CoreInfraModule.forRoot(config), FakeModelModule, ApiFeaturesModule.register(config)],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const auth = app.get(Authenticator);
  return {
    app,
    url: `http://127.0.0.1:${port}${config.GRAPHQL_PATH}`,
    wsUrl: `ws://127.0.0.1:${port}${config.GRAPHQL_PATH}`,
    catalog,
    kpiValues: app.get(KPI_VALUE_STORE),
    alerts: app.get(ALERT_STORE),
    bus: app.get(EVENT_BUS),
    token: (role, units) => auth.signToken(`${role}-user`, role, units ?? null),
    close: () => app.close(),
  };
}

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }>;
}

/** POSTs one operation; headers default to JSON. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GqlResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
