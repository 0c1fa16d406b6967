/*
 * The API as the API benchmark measures it: CoreInfraModule + ApiFeaturesModule on a temp SQLite with the demo model,
 * every KPI given a value in its current and previous period, and the scorecard query answered once (warm).
 */
import { mkdtempSync, rmSync } from 'fs';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ACTIVE_MODEL, CoreInfraModule, listenHttpApp, loadConfig, type ActiveModel } from '@bsc/app-kit';
import type { KpiValue } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { KpiValueRepository } from '@bsc/persistence';
import { ApiFeaturesModule, graphqlResponseCacheFront } from '../../../apps/api/src/api-features.module';
import { Authenticator } from '../../../apps/api/src/auth/authenticator.service';
import { ApiConfig } from '../../../apps/api/src/config/api.config';

export const SCORECARD_QUERY = `{ scorecard(unit: "acme") { score status predictedStatus coverage asOf modelVersion
  perspectives { id name score status coverage objectives { id name weight score status coverage
    kpis { id name value target status score periodKey quality { coverage stale quality } delta { scoreDelta trend } } } }
  children { unit { id } score status } } }`;

/** Values for every KPI in its current and previous period, so the scorecard has something to roll up. */
function seedValues(activeModel: ActiveModel, now: number): KpiValue[] {
  const { model } = activeModel.current();
  const calendar = new FiscalCalendar(model.calendar);
  return model.kpis.flatMap((kpi, i) => {
    const current = calendar.periodOf(now, kpi.period);
    const previous = calendar.previousPeriod(current);
    return [previous, current].map((period, j) => ({
      kpiId: kpi.id,
      periodKey: period.key,
      periodStart: period.start,
      periodEnd: period.end,
      value: (kpi.target ?? 50) * (0.85 + ((i * 7 + j * 13) % 30) / 100),
      asOf: Math.min(now, period.end - 1),
      computedAt: now,
      quality: { coverage: 1, stale: false, quality: 'good' as const },
      origin: 'computed' as const,
    }));
  });
}

export interface BenchServer {
  url: string;
  port: number;
  app: INestApplication;
  bus: EventBus;
  token: string;
  kpis: number;
  modelVersion: number;
  close(): Promise<void>;
}

/** The API on a temp SQLite with the demo model and a period of values; `env` adds configuration. */
export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bsc-bench-api-'));
  const config = loadConfig(ApiConfig, {
    env: {
      BSC_PROFILE: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
      ...env,
    },
  });
  const app = await NestFactory.create(
    { module: class BenchApiModule {}, imports: [CoreInfraModule.forRoot(config), ApiFeaturesModule.register(config)] },
    { logger: false, abortOnError: false },
  );
  const server = await listenHttpApp(app, 0, '127.0.0.1', graphqlResponseCacheFront(app));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/graphql`;
  const activeModel = app.get<ActiveModel>(ACTIVE_MODEL);
  const now = Date.now();
  await app.get(KpiValueRepository).appendRevisions(seedValues(activeModel, now), activeModel.current().version, now);
  const token = app.get(Authenticator).signToken('bench', 'viewer', null);
  const warm = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: SCORECARD_QUERY }),
  });
  const warmBody = (await warm.json()) as { errors?: unknown[] };
  if (warmBody.errors) throw new Error(`scorecard query failed: ${JSON.stringify(warmBody.errors)}`);
  return {
    url,
    port,
    app,
    bus: app.get<EventBus>(EVENT_BUS),
    token,
    kpis: activeModel.current().model.kpis.length,
    modelVersion: activeModel.current().version,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
