/*
 * API benchmark: boots the API (CoreInfraModule + ApiFeaturesModule, temp SQLite, the demo model) with a period
 * of KPI values, then on the SAME server (as configured by default, response cache on):
 *   1. autocannon, 100 connections, the scorecard query (acme, the whole tree);
 *   2. autocannon, 100 connections, `{ __typename }` (the baseline: HTTP + GraphQL overhead only);
 *   3. the scorecard query again while KPI updates arrive (--updates per second, default 20): every update
 *      drops the cached responses, so this is the cost of recomputing under live data;
 *   4. subscription fan-out: 1,000 graphql-ws clients subscribed to kpiUpdated, time until all received one event.
 * Then a second server with the response cache off (GRAPHQL_RESPONSE_CACHE_TTL_MS=0): the scorecard and trivial
 * queries through Express, Apollo and the resolvers every time.
 * Each load phase also reports the server's CPU milliseconds per request (this process, warm-up included).
 * Prints a table, then ONE JSON line. Targets: scorecard p99 < 20 ms and >= half the trivial query's req/s.
 * autocannon runs in its own process; on a shared machine compare the figures of one run, not absolutes.
 * Options: --duration S (default 10), --clients N (default 1000), --connections N (default 100), --updates N,
 * --skip-fanout, --skip-uncached.
 */
// measured as deployed (the image sets NODE_ENV=production): graphql-js skips its development-only checks
process.env.NODE_ENV ??= 'production';
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'fs';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ACTIVE_MODEL, CoreInfraModule, listenHttpApp, loadConfig, type ActiveModel } from '@bsc/app-kit';
import type { KpiValue } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { KpiValueRepository } from '@bsc/persistence';
import { ApiFeaturesModule, graphqlResponseCacheFront } from '../../apps/api/src/api-features.module';
import { Authenticator } from '../../apps/api/src/auth/authenticator.service';
import { ApiConfig } from '../../apps/api/src/config/api.config';
import { load, type LoadFigures } from './support/autocannon';

const SCORECARD_QUERY = `{ scorecard(unit: "acme") { score status predictedStatus coverage asOf modelVersion
  perspectives { id name score status coverage objectives { id name weight score status coverage
    kpis { id name value target status score periodKey quality { coverage stale quality } delta { scoreDelta trend } } } }
  children { unit { id } score status } } }`;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

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

async function fanOut(
  wsUrl: string,
  token: string,
  bus: EventBus,
  clients: number,
): Promise<{ clients: number; allReceivedMs: number; p99Ms: number }> {
  const connections: Client[] = [];
  const received = new Map<number, number>();
  let measuring = false;
  let attached = 0;
  const attachedIds = new Set<number>();
  for (let i = 0; i < clients; i++) {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    connections.push(client);
    client.subscribe(
      { query: 'subscription { kpiUpdated(ids: ["oee_group"]) { kpiId value } }' },
      {
        next: (msg) => {
          const value = (msg.data as { kpiUpdated: { value: number } } | undefined)?.kpiUpdated.value;
          if (!measuring && !attachedIds.has(i)) {
            attachedIds.add(i);
            attached += 1;
          } else if (measuring && value === 42 && !received.has(i)) {
            received.set(i, performance.now());
          }
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
  }
  const event = (value: number): KpiValue => {
    const at = Date.now();
    return {
      kpiId: 'oee_group',
      periodKey: 'bench',
      periodStart: at,
      periodEnd: at + 1,
      value,
      asOf: at,
      computedAt: at,
      quality: { coverage: 1, stale: false, quality: 'good' },
      origin: 'computed',
    };
  };
  // probe until every subscription is attached (graphql-ws has no "subscribed" acknowledgement)
  const deadline = Date.now() + 60_000;
  while (attached < clients && Date.now() < deadline) {
    bus.publish('kpi.updated', { value: event(-1), modelVersion: 1 });
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 200)); // let in-flight probes drain
  measuring = true;
  const start = performance.now();
  bus.publish('kpi.updated', { value: event(42), modelVersion: 1 });
  while (received.size < attached && performance.now() - start < 10_000) await new Promise((r) => setImmediate(r));
  const latencies = [...received.values()].map((t) => t - start).sort((a, b) => a - b);
  await Promise.all(connections.map((c) => Promise.resolve(c.dispose())));
  return {
    clients: received.size,
    allReceivedMs: round(latencies[latencies.length - 1] ?? NaN),
    p99Ms: round(latencies[Math.floor(latencies.length * 0.99)] ?? NaN),
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

interface BenchServer {
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
async function startServer(env: Record<string, string>): Promise<BenchServer> {
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

/** Publishes kpi.updated for the KPIs in turn, `perSecond` times a second, until stopped. */
function liveUpdates(server: BenchServer, perSecond: number): () => void {
  const { model } = server.app.get<ActiveModel>(ACTIVE_MODEL).current();
  let i = 0;
  const timer = setInterval(() => {
    const kpi = model.kpis[i++ % model.kpis.length];
    const at = Date.now();
    const value: KpiValue = {
      kpiId: kpi.id,
      periodKey: 'bench',
      periodStart: at,
      periodEnd: at + 1,
      value: i,
      asOf: at,
      computedAt: at,
      quality: { coverage: 1, stale: false, quality: 'good' },
      origin: 'computed',
    };
    server.bus.publish('kpi.updated', { value, modelVersion: server.modelVersion });
  }, 1000 / perSecond);
  return () => clearInterval(timer);
}

const row = (name: string, f: LoadFigures): string =>
  `${name.padEnd(28)} ${f.reqPerSec.toFixed(0).padStart(8)}  ${String(f.p50Ms).padStart(6)}  ${String(f.p99Ms).padStart(6)}  ${String(f.cpuMsPerRequest).padStart(10)}  ${f.errors + f.non2xx}\n`;

async function main(): Promise<void> {
  const duration = arg('duration', 10);
  const connections = arg('connections', 100);
  const wsClients = arg('clients', 1000);
  const updatesPerSecond = arg('updates', 20);
  const scorecardBody = JSON.stringify({ query: SCORECARD_QUERY });
  const trivialBody = JSON.stringify({ query: '{ __typename }' });

  const server = await startServer({});
  let scorecard: LoadFigures;
  let trivial: LoadFigures;
  let live: LoadFigures;
  let fan = { clients: 0, allReceivedMs: NaN, p99Ms: NaN };
  try {
    const headers = { authorization: `Bearer ${server.token}` };
    scorecard = await load(server.url, scorecardBody, headers, connections, duration, { serverInProcess: true });
    trivial = await load(server.url, trivialBody, headers, connections, duration, { serverInProcess: true });
    const stop = liveUpdates(server, updatesPerSecond);
    try {
      live = await load(server.url, scorecardBody, headers, connections, duration, { serverInProcess: true });
    } finally {
      stop();
    }
    if (!process.argv.includes('--skip-fanout'))
      fan = await fanOut(`ws://127.0.0.1:${server.port}/graphql`, server.token, server.bus, wsClients);
  } finally {
    await server.close();
  }

  let uncached: { scorecard: LoadFigures; trivial: LoadFigures } | null = null;
  if (!process.argv.includes('--skip-uncached')) {
    const plain = await startServer({ GRAPHQL_RESPONSE_CACHE_TTL_MS: '0' });
    try {
      const headers = { authorization: `Bearer ${plain.token}` };
      uncached = {
        scorecard: await load(plain.url, scorecardBody, headers, connections, duration, { serverInProcess: true }),
        trivial: await load(plain.url, trivialBody, headers, connections, duration, { serverInProcess: true }),
      };
    } finally {
      await plain.close();
    }
  }

  const ratio = round(scorecard.reqPerSec / trivial.reqPerSec);
  process.stdout.write(`query                           req/s  p50 ms  p99 ms  CPU ms/req  errors\n`);
  process.stdout.write(row('scorecard', scorecard));
  process.stdout.write(row('__typename', trivial));
  process.stdout.write(row(`scorecard, ${updatesPerSecond} KPI updates/s`, live));
  if (uncached) {
    process.stdout.write(row('scorecard, cache off', uncached.scorecard));
    process.stdout.write(row('__typename, cache off', uncached.trivial));
  }
  process.stdout.write(
    `scorecard / trivial req/s: ${ratio} (target >= 0.5); scorecard p99 ${scorecard.p99Ms} ms (target < 20)\n`,
  );
  process.stdout.write(
    `fan-out: ${fan.clients}/${wsClients} clients received one KPI event; all within ${fan.allReceivedMs} ms (p99 ${fan.p99Ms} ms)\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      connections,
      durationS: duration,
      kpis: server.kpis,
      scorecard,
      trivial,
      scorecardToTrivialRatio: ratio,
      scorecardWithUpdates: { updatesPerSecond, ...live },
      uncached: uncached && {
        ...uncached,
        scorecardToTrivialRatio: round(uncached.scorecard.reqPerSec / uncached.trivial.reqPerSec),
      },
      fanOut: { clients: fan.clients, requested: wsClients, allReceivedMs: fan.allReceivedMs, p99Ms: fan.p99Ms },
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-api failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
