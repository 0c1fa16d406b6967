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
import { performance } from 'perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import type { KpiValue } from '@bsc/common';
import type { EventBus } from '@bsc/events';
import { startServer, SCORECARD_QUERY, type BenchServer } from './support/api-bench-server';
import { load, type LoadFigures } from './support/autocannon';
import { argNumber, hasFlag } from './support/bench-args';

/** A KPI update as the engine publishes it, in a one-millisecond period of its own ('bench'). */
function benchUpdate(kpiId: string, value: number): KpiValue {
  const at = Date.now();
  return {
    kpiId,
    periodKey: 'bench',
    periodStart: at,
    periodEnd: at + 1,
    value,
    asOf: at,
    computedAt: at,
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'computed',
  };
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
  const event = (value: number): KpiValue => benchUpdate('oee_group', value);
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

/** Publishes kpi.updated for the KPIs in turn, `perSecond` times a second, until stopped. */
function liveUpdates(server: BenchServer, perSecond: number): () => void {
  const { model } = server.app.get<ActiveModel>(ACTIVE_MODEL).current();
  let i = 0;
  const timer = setInterval(() => {
    const kpi = model.kpis[i++ % model.kpis.length];
    server.bus.publish('kpi.updated', { value: benchUpdate(kpi.id, i), modelVersion: server.modelVersion });
  }, 1000 / perSecond);
  return () => clearInterval(timer);
}

const row = (name: string, f: LoadFigures): string =>
  `${name.padEnd(28)} ${f.reqPerSec.toFixed(0).padStart(8)}  ${String(f.p50Ms).padStart(6)}  ${String(f.p99Ms).padStart(6)}  ${String(f.cpuMsPerRequest).padStart(10)}  ${f.errors + f.non2xx}\n`;

async function main(): Promise<void> {
  const duration = argNumber('duration', 10);
  const connections = argNumber('connections', 100);
  const wsClients = argNumber('clients', 1000);
  const updatesPerSecond = argNumber('updates', 20);
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
    if (!hasFlag('skip-fanout'))
      fan = await fanOut(`ws://127.0.0.1:${server.port}/graphql`, server.token, server.bus, wsClients);
  } finally {
    await server.close();
  }

  let uncached: { scorecard: LoadFigures; trivial: LoadFigures } | null = null;
  if (!hasFlag('skip-uncached')) {
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
