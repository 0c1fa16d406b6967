/*
 * API benchmark: boots the API (CoreInfraModule + ApiFeaturesModule, temp SQLite, the demo model) with a period
 * of KPI values, then on the SAME server:
 *   1. autocannon, 100 connections, the scorecard query (acme, the whole tree);
 *   2. autocannon, 100 connections, `{ __typename }` (the baseline: HTTP + GraphQL overhead only);
 *   3. subscription fan-out: 1,000 graphql-ws clients subscribed to kpiUpdated, time until all received one event.
 * Prints a table, then ONE JSON line. Targets: scorecard p99 < 20 ms and >= half the trivial query's req/s.
 * autocannon runs in its own process; on a shared machine compare the two figures of one run, not absolutes.
 * Options: --duration S (default 10), --clients N (default 1000), --connections N (default 100), --skip-fanout.
 */
// measured as deployed (the image sets NODE_ENV=production): graphql-js skips its development-only checks
process.env.NODE_ENV ??= 'production';
import 'reflect-metadata';
import { execFile } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { NestFactory } from '@nestjs/core';
import { ACTIVE_MODEL, CoreInfraModule, loadConfig, type ActiveModel } from '@bsc/app-kit';
import type { KpiValue } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { KpiValueRepository } from '@bsc/persistence';
import { ApiFeaturesModule } from '../../apps/api/src/api-features.module';
import { Authenticator } from '../../apps/api/src/auth/authenticator.service';
import { ApiConfig } from '../../apps/api/src/config/api.config';

const SCORECARD_QUERY = `{ scorecard(unit: "acme") { score status predictedStatus coverage asOf modelVersion
  perspectives { id name score status coverage objectives { id name weight score status coverage
    kpis { id name value target status score periodKey quality { coverage stale quality } delta { scoreDelta trend } } } }
  children { unit { id } score status } } }`;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

interface LoadFigures {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** autocannon's JSON result, the fields used here. */
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

/**
 * autocannon in its own process (its CLI, JSON output): a load generator sharing the server's event loop would
 * add its own work to every latency it measures.
 */
async function load(url: string, body: string, headers: Record<string, string>, connections: number, duration: number): Promise<LoadFigures> {
  const cli = require.resolve('autocannon/autocannon.js');
  const headerArgs = Object.entries({ 'content-type': 'application/json', ...headers }).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const args = [cli, '-c', String(connections), '-d', String(duration), '-m', 'POST', ...headerArgs, '-b', body, '-j', url];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, out) => (error ? reject(error) : resolve(out)));
  });
  const result = JSON.parse(stdout) as AutocannonResult;
  return { reqPerSec: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
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

async function fanOut(wsUrl: string, token: string, bus: EventBus, clients: number): Promise<{ clients: number; allReceivedMs: number; p99Ms: number }> {
  const connections: Client[] = [];
  const received = new Map<number, number>();
  let measuring = false;
  let attached = 0;
  const attachedIds = new Set<number>();
  for (let i = 0; i < clients; i++) {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
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
    return { kpiId: 'oee_group', periodKey: 'bench', periodStart: at, periodEnd: at + 1, value, asOf: at, computedAt: at, quality: { coverage: 1, stale: false, quality: 'good' }, origin: 'computed' };
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
  await Promise.all(connections.map((c) => c.dispose()));
  return {
    clients: received.size,
    allReceivedMs: round(latencies[latencies.length - 1] ?? NaN),
    p99Ms: round(latencies[Math.floor(latencies.length * 0.99)] ?? NaN),
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  const duration = arg('duration', 10);
  const connections = arg('connections', 100);
  const wsClients = arg('clients', 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'bsc-bench-api-'));
  const config = loadConfig(ApiConfig, { env: { BSC_PROFILE: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, JWT_SECRET: 'bench-secret-bench-secret-bench-secret' } });
  const app = await NestFactory.create(
    { module: class BenchApiModule {}, imports: [CoreInfraModule.forRoot(config), ApiFeaturesModule.register(config)] },
    { logger: false, abortOnError: false },
  );
  await app.listen(0, '127.0.0.1');
  try {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/graphql`;
    const activeModel = app.get<ActiveModel>(ACTIVE_MODEL);
    const now = Date.now();
    const values = seedValues(activeModel, now);
    await app.get(KpiValueRepository).appendRevisions(values, activeModel.current().version, now);
    const token = app.get(Authenticator).signToken('bench', 'viewer', null);
    const headers = { authorization: `Bearer ${token}` };

    const warm = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: SCORECARD_QUERY }) });
    const warmBody = (await warm.json()) as { errors?: unknown[] };
    if (warmBody.errors) throw new Error(`scorecard query failed: ${JSON.stringify(warmBody.errors)}`);

    const scorecard = await load(url, JSON.stringify({ query: SCORECARD_QUERY }), headers, connections, duration);
    const trivial = await load(url, JSON.stringify({ query: '{ __typename }' }), headers, connections, duration);
    const fan = process.argv.includes('--skip-fanout')
      ? { clients: 0, allReceivedMs: NaN, p99Ms: NaN }
      : await fanOut(`ws://127.0.0.1:${port}/graphql`, token, app.get<EventBus>(EVENT_BUS), wsClients);

    const ratio = round(scorecard.reqPerSec / trivial.reqPerSec);
    process.stdout.write(`query        req/s      p50 ms  p99 ms  errors\n`);
    process.stdout.write(`scorecard    ${scorecard.reqPerSec.toFixed(0).padStart(8)}  ${String(scorecard.p50Ms).padStart(6)}  ${String(scorecard.p99Ms).padStart(6)}  ${scorecard.errors + scorecard.non2xx}\n`);
    process.stdout.write(`__typename   ${trivial.reqPerSec.toFixed(0).padStart(8)}  ${String(trivial.p50Ms).padStart(6)}  ${String(trivial.p99Ms).padStart(6)}  ${trivial.errors + trivial.non2xx}\n`);
    process.stdout.write(`scorecard / trivial req/s: ${ratio} (target >= 0.5); scorecard p99 ${scorecard.p99Ms} ms (target < 20)\n`);
    process.stdout.write(`fan-out: ${fan.clients}/${wsClients} clients received one KPI event; all within ${fan.allReceivedMs} ms (p99 ${fan.p99Ms} ms)\n`);
    process.stdout.write(
      `${JSON.stringify({
        connections,
        durationS: duration,
        kpis: activeModel.current().model.kpis.length,
        scorecard,
        trivial,
        scorecardToTrivialRatio: ratio,
        fanOut: { clients: fan.clients, requested: wsClients, allReceivedMs: fan.allReceivedMs, p99Ms: fan.p99Ms },
      })}\n`,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-api failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
