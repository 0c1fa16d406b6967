/*
 * Twin explorer benchmark: the API and dashboard (temp SQLite) on a generated model of 10 units x 10 processes x
 * 10 assets x 10 signals = 10,000 signals, one signal with a year of samples (one per minute, 525,600), driven in
 * headless Chromium:
 *   - explorerOpenMs: click on the "Twin explorer" tab until the tree's first level shows;
 *   - walkToSignalMs: expanding unit, process and asset down to the signal (three lazy requests);
 *   - signalSelectMs: click on the signal until its default (24 h) trend is drawn;
 *   - yearTrendMs: click on "1 y" until the year's trend is drawn (the query downsamples into min/max buckets);
 * and, on the same server, the server side alone: yearHistoryQueryMs (the signal.history GraphQL query for the
 * year, median of 5), baselineQueryMs (`{ __typename }`, median of 5) and rawYearReadMs (reading the year's raw
 * samples through SampleRepository.range, what the chart would cost without downsampling).
 * Prints ONE JSON line. Options: --signals N (default 10000), --per-minute N (default 1). With DATABASE_URL (an
 * empty PostgreSQL database) the API stores there instead of in a temp SQLite file.
 */
process.env.NODE_ENV ??= 'production';
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import type { Server } from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { NestFactory } from '@nestjs/core';
import { chromium } from 'playwright-core';
import { CoreInfraModule, loadConfig } from '@bsc/app-kit';
import { SampleRepository } from '@bsc/persistence';
import { ApiFeaturesModule } from '../../apps/api/src/api-features.module';
import { ApiKeyService } from '../../apps/api/src/auth/api-key.service';
import { ApiConfig } from '../../apps/api/src/config/api.config';
import { DashboardModule } from '../../apps/api/src/dashboard/dashboard.module';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from '../dashboard-screenshot';
import { argNumber } from './support/bench-args';
import { median } from './support/bench-stats';

const FAN_OUT = 10;
const YEAR_MS = 365 * 86_400_000;
const TARGET_SIGNAL = 'u0.p0.a0.s0';

/** The written (YAML/JSON) form: units -> processes -> assets -> signals, FAN_OUT of each, HTTP-bound signals. */
function generatedModel(signalCount: number): object {
  const perAsset = Math.max(1, Math.ceil(signalCount / FAN_OUT ** 3));
  const units = [{ id: 'group', name: 'Group' }];
  const processes: object[] = [];
  const assets: object[] = [];
  const signals: object[] = [];
  for (let u = 0; u < FAN_OUT; u++) {
    units.push({ id: `u${u}`, name: `Unit ${u}`, parent: 'group' } as never);
    for (let p = 0; p < FAN_OUT; p++) {
      processes.push({ id: `u${u}.p${p}`, name: `Process ${u}.${p}`, unit: `u${u}` });
      for (let a = 0; a < FAN_OUT; a++) {
        const asset = `u${u}.p${p}.a${a}`;
        assets.push({ id: asset, name: `Asset ${u}.${p}.${a}`, process: `u${u}.p${p}` });
        for (let s = 0; s < perAsset && signals.length < signalCount; s++)
          signals.push({
            id: `${asset}.s${s}`,
            name: `Signal ${asset}.${s}`,
            measures: asset,
            unit: 'degC',
            source: { http: {} },
          });
      }
    }
  }
  const kpis = [
    {
      id: 'k0',
      name: 'Average of the first signal',
      unit: 'degC',
      orgUnit: 'u0',
      direction: 'lower_is_better',
      formula: `avg(${TARGET_SIGNAL}, period)`,
      target: 80,
    },
  ];
  const objectives = [{ id: 'o0', name: 'Stable process', perspective: 'internal_process', unit: 'u0', kpis: ['k0'] }];
  return {
    apiVersion: 'bsc.twin/v1',
    id: 'explorer-bench',
    name: 'Explorer bench',
    units,
    processes,
    assets,
    signals,
    kpis,
    objectives,
  };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const signalCount = argNumber('signals', 10_000);
  const perMinute = argNumber('per-minute', 1);
  const dir = mkdtempSync(join(tmpdir(), 'bsc-bench-explorer-'));
  const modelFile = join(dir, 'model.json');
  writeFileSync(modelFile, JSON.stringify(generatedModel(signalCount)));
  const config = loadConfig(ApiConfig, {
    env: {
      BSC_PROFILE: 'test',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'bench-explorer-secret-bench-explorer!!',
      DATA_DIR: dir,
      MODEL_FILE: modelFile,
      // PostgreSQL when given (an empty database: the bench adds its own year of samples), else SQLite in the temp dir
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    },
  });
  const app = await NestFactory.create(
    {
      module: class BenchExplorerModule {},
      imports: [CoreInfraModule.forRoot(config), ApiFeaturesModule.register(config), DashboardModule],
    },
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  const { key } = await app.get(ApiKeyService).issue('bench-explorer', 'engineer', null);

  // a year of samples up to now, one every 60 / perMinute seconds, a spike in the middle
  const samples = app.get(SampleRepository);
  const now = Date.now();
  const step = Math.round(60_000 / perMinute);
  const count = Math.floor(YEAR_MS / step);
  const seedStarted = performance.now();
  for (let start = 0; start < count; start += 20_000) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + 20_000); i++)
      batch.push({
        signalId: TARGET_SIGNAL,
        ts: now - YEAR_MS + i * step,
        value: i === count >> 1 ? 500 : 60 + 10 * Math.sin(i / 1440),
        quality: 'good' as const,
        source: 'http',
      });
    await samples.insertBatch(batch);
  }
  const seedMs = performance.now() - seedStarted;

  const gql = async (query: string, variables: object = {}): Promise<number> => {
    const started = performance.now();
    const res = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `ApiKey ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return performance.now() - started;
  };
  const yearVars = {
    id: TARGET_SIGNAL,
    from: new Date(now - YEAR_MS).toISOString(),
    to: new Date(now + 1).toISOString(),
  };
  const HISTORY = `query($id: ID!, $from: DateTime!, $to: DateTime!) { signal(id: $id) { history(from: $from, to: $to, maxPoints: 1000) { rawCount bucketMs buckets { start firstTs first min max lastTs last count } } } }`;
  const baseline: number[] = [];
  const history: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < 5; i++) {
    baseline.push(await gql('{ __typename }'));
    // distinct ranges: the response cache must not answer
    history.push(await gql(HISTORY, { ...yearVars, to: new Date(now + 1 + i).toISOString() }));
  }
  // after the queries: a raw read takes seconds, longer than the server keeps an idle connection open
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await samples.range(TARGET_SIGNAL, now - YEAR_MS, now + 1);
    raw.push(performance.now() - started);
  }

  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: DEFAULT_CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  try {
    const page = await context.newPage();
    await page.goto(origin);
    await page.getByLabel('API key or JWT').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.perspective').first().waitFor();
    const item = (id: string) => page.locator(`#twin-explorer li[data-node-id="${id}"]`);

    let t = performance.now();
    await page.getByRole('tab', { name: 'Twin explorer' }).click();
    await item('group').waitFor();
    const explorerOpenMs = performance.now() - t;

    t = performance.now();
    for (const id of ['group', 'u0', 'u0.p0', 'u0.p0.a0']) {
      await item(id).locator(':scope > .row .toggle').click();
      await item(id).locator(':scope > ul[role=group] > li').first().waitFor();
    }
    const walkToSignalMs = performance.now() - t;

    t = performance.now();
    await item(TARGET_SIGNAL).locator(':scope > .row .node').click();
    await page.locator('#twin-explorer .trend[data-state=drawn]').waitFor();
    const signalSelectMs = performance.now() - t;

    t = performance.now();
    await page.getByRole('button', { name: '1 y', exact: true }).click();
    // the click handler marks the chart 'loading' before it asks for the year
    await page.locator('#twin-explorer .trend[data-state=drawn][data-bucketed=true]').waitFor();
    const yearTrendMs = performance.now() - t;
    const drawnPoints = Number(await page.locator('#twin-explorer .trend').getAttribute('data-points'));
    const drawnSamples = Number(await page.locator('#twin-explorer .trend').getAttribute('data-raw-count'));

    process.stdout.write(
      `${JSON.stringify({
        signals: signalCount,
        database: process.env.DATABASE_URL ? 'postgres' : 'sqlite',
        yearSamples: count,
        seedMs: round(seedMs),
        explorerOpenMs: round(explorerOpenMs),
        walkToSignalMs: round(walkToSignalMs),
        signalSelectMs: round(signalSelectMs),
        yearTrendMs: round(yearTrendMs),
        drawnBuckets: drawnPoints,
        drawnSamples,
        yearHistoryQueryMs: round(median(history)),
        baselineQueryMs: round(median(baseline)),
        rawYearReadMs: round(median(raw)),
      })}\n`,
    );
  } finally {
    await context.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  process.stderr.write(
    `bench-explorer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}\n`,
  );
  process.exitCode = 1;
});
