import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { Test } from '@nestjs/testing';
import { ACTIVE_MODEL, CoreInfraModule, loadConfig, type ActiveModel } from '@bsc/app-kit';
import type { KpiValue } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { AlertRepository, KpiValueRepository, SampleRepository } from '@bsc/persistence';
import { phasedShare } from '@bsc/scorecard';
import { targetPhasingOf, type KpiDef } from '@bsc/twin';
import { ApiFeaturesModule } from '../../../apps/api/src/api-features.module';
import { ApiKeyService } from '../../../apps/api/src/auth/api-key.service';
import type { Role } from '../../../apps/api/src/auth/principal';
import { ApiConfig } from '../../../apps/api/src/config/api.config';
import { DashboardModule } from '../../../apps/api/src/dashboard/dashboard.module';
import { chromiumPage, type ChromiumPage } from './chromium-browser';
import { FakeForecastModule } from './fake-forecast.provider';
import { START_TIMEOUT_MS, trackOpen } from '../../support';

export interface DashboardTestApp {
  app: INestApplication;
  /** Origin of the page, e.g. http://127.0.0.1:41234 */
  origin: string;
  activeModel: ActiveModel;
  kpiValues: KpiValueRepository;
  samples: SampleRepository;
  alerts: AlertRepository;
  bus: EventBus;
  issueKey(role: Role): Promise<string>;
  /** Stores a value for the KPI's current period and announces it as the KPI engine does. */
  publishKpiValue(kpiId: string, value: number): Promise<void>;
  close(): Promise<void>;
}

const HISTORY_PERIODS = 8;

/**
 * The API features plus the dashboard on a temp SQLite with the demo model (or `env`'s MODEL_FILE), a few periods of
 * KPI values and a stand-in forecasting runtime.
 */
export function startDashboardTestApp(env: Record<string, string> = {}): Promise<DashboardTestApp> {
  return trackOpen('the dashboard test app', bootDashboardTestApp(env));
}

async function bootDashboardTestApp(env: Record<string, string>): Promise<DashboardTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bsc-dashboard-e2e-'));
  const config = loadConfig(ApiConfig, {
    env: {
      BSC_PROFILE: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'dashboard-test-secret-dashboard-test!!',
      DATA_DIR: dataDir,
      ...env,
    },
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreInfraModule.forRoot(config),
      FakeForecastModule.register(Date.now()),
      ApiFeaturesModule.register(config),
      DashboardModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const activeModel = app.get<ActiveModel>(ACTIVE_MODEL);
  const kpiValues = app.get(KpiValueRepository);
  const bus = app.get<EventBus>(EVENT_BUS);
  const now = Date.now();
  await kpiValues.appendRevisions(seedValues(activeModel, now), activeModel.current().version, now - 60_000);

  const publishKpiValue = async (kpiId: string, value: number): Promise<void> => {
    const { model, version } = activeModel.current();
    const kpi = model.kpis.find((k) => k.id === kpiId);
    if (!kpi) throw new Error(`no KPI ${kpiId} in the demo model`);
    const at = Date.now();
    const period = new FiscalCalendar(model.calendar).periodOf(at, kpi.period);
    const kpiValue = valueOf(kpi.id, period, value, at);
    await kpiValues.appendRevisions([kpiValue], version, at);
    bus.publish('kpi.updated', { value: kpiValue, modelVersion: version });
  };

  return {
    app,
    origin: `http://127.0.0.1:${port}`,
    activeModel,
    kpiValues,
    samples: app.get(SampleRepository),
    alerts: app.get(AlertRepository),
    bus,
    issueKey: async (role) => (await app.get(ApiKeyService).issue(`dashboard-e2e-${role}`, role, null)).key,
    publishKpiValue,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Values a little around target for the current and previous periods of every KPI, so statuses differ; the running
 * period of a phased (cumulative) KPI holds only the part of it due so far (a to-date value).
 */
function seedValues(activeModel: ActiveModel, now: number): KpiValue[] {
  const { model } = activeModel.current();
  const calendar = new FiscalCalendar(model.calendar);
  const values: KpiValue[] = [];
  model.kpis.forEach((kpi, k) => {
    let period = calendar.periodOf(now, kpi.period);
    for (let i = 0; i < HISTORY_PERIODS; i++) {
      const wobble = 1 + (((k * 7 + i * 3) % 9) - 4) / 100;
      const toDate = i === 0 ? phasedShare(targetPhasingOf(kpi), calendar, period, now) : 1;
      values.push(valueOf(kpi.id, period, reference(kpi) * wobble * toDate, Math.min(now, period.end - 1)));
      period = calendar.previousPeriod(period);
    }
  });
  return values;
}

function reference(kpi: KpiDef): number {
  if (kpi.target !== undefined) return kpi.target;
  if (kpi.band) return (kpi.band.lower + kpi.band.upper) / 2;
  return 100;
}

function valueOf(
  kpiId: string,
  period: { key: string; start: number; end: number },
  value: number,
  at: number,
): KpiValue {
  return {
    kpiId,
    periodKey: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    value,
    asOf: at,
    computedAt: at,
    quality: { quality: 'good', coverage: 1, stale: false },
    origin: 'computed',
  };
}

/** Signs `page` in to the dashboard with a new key of `role` and waits for the scorecard. */
export async function signIn(page: Page, sut: DashboardTestApp, role: Role): Promise<void> {
  await page.goto(sut.origin);
  await page.getByLabel('API key or JWT').fill(await sut.issueKey(role));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.perspective').first().waitFor();
}

/** What a dashboard suite drives: the app, the browser and its first page (set once the suite's start has run). */
export interface DashboardInChromium extends ChromiumPage {
  sut: DashboardTestApp;
}

export interface DashboardInChromiumOptions {
  /** Settings of the app, e.g. a MODEL_FILE written by an earlier beforeAll. */
  env?: Record<string, string>;
  /** Runs on the started app before the page loads anything: data it should find on its first load. */
  seed?: (sut: DashboardTestApp) => Promise<void>;
  /** Signs the page in with a new key of this role; without it the suite signs in itself. */
  role?: Role;
  /** Checked after each test: no page or console error (true), or none but those matching the RegExp. */
  noProblemsAfterEach?: boolean | RegExp;
}

/**
 * Registers the hooks every dashboard suite repeats: a fresh Chromium and a page, the app started (and seeded), the
 * page signed in as `options.role`, before the suite; both closed after it. Jest runs hooks in order, so a suite's
 * own beforeAll written after this call finds them started.
 */
export function dashboardInChromium(options: DashboardInChromiumOptions = {}): DashboardInChromium {
  // registered first, so the browser closes before the app it is connected to
  const ui = chromiumPage({ noProblemsAfterEach: options.noProblemsAfterEach }) as DashboardInChromium;
  beforeAll(async () => {
    ui.sut = await startDashboardTestApp(options.env);
    await options.seed?.(ui.sut);
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await ui.sut?.close();
  });
  const { role } = options;
  if (role) beforeAll(() => signIn(ui.page, ui.sut, role));
  return ui;
}
