import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnApp, stopApp, waitForOk, type SpawnedApp } from '../../../scripts/rig/spawn-app';
import type { GoldenSample } from '../golden-samples';

const CLOCK_PRELOAD = join(__dirname, 'shifted-clock.preload.js');
const MODEL_FILE = 'test/golden/golden-plant.yaml';
const INTAKE_TOKEN = 'golden-intake-token';
const CHUNK = 1_000;

/** Where the apps keep their data: the embedded SQLite file in a folder, or a PostgreSQL database. */
export type GoldenDatabase = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string; dataDir: string };

function baseEnv(db: GoldenDatabase, clock: number): Record<string, string> {
  return {
    BSC_PROFILE: 'embedded',
    NODE_OPTIONS: `--require ${CLOCK_PRELOAD}`,
    GOLDEN_CLOCK_START: new Date(clock).toISOString(),
    MODEL_FILE,
    DATA_DIR: db.dataDir,
    LOG_LEVEL: 'warn',
    SIMULATOR_ENABLED: 'false',
    ...(db.kind === 'postgres' ? { DATABASE_URL: db.url } : {}),
  };
}

/**
 * One run of the ingestion app with its clock at `clock`: the samples go through the HTTP intake, then the app
 * stops on SIGTERM, which writes what is buffered and the KPI values they caused.
 */
export async function ingest(
  db: GoldenDatabase,
  clock: number,
  samples: readonly GoldenSample[],
): Promise<IntakeTotals> {
  const app = await spawnApp('dist/apps/ingestion/src/main.js', {
    ...baseEnv(db, clock),
    INTAKE_TOKEN,
    ALERTS_ENABLED: 'false',
    MQTT_EMBEDDED_PORT: String(await freePort()),
  });
  const totals: IntakeTotals = { accepted: 0, rejected: 0, duplicates: 0 };
  let code: number | null;
  try {
    await waitForOk(`http://127.0.0.1:${app.port}/health`, 60_000, app);
    for (let i = 0; i < samples.length; i += CHUNK) {
      const res = await fetch(`http://127.0.0.1:${app.port}/intake/samples`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${INTAKE_TOKEN}` },
        body: JSON.stringify({ samples: samples.slice(i, i + CHUNK) }),
      });
      if (!res.ok) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as IntakeTotals;
      totals.accepted += body.accepted;
      totals.rejected += body.rejected;
      totals.duplicates += body.duplicates;
    }
  } finally {
    code = await stopApp(app);
  }
  // checked after the stop, so a failed intake is reported as itself rather than hidden by the exit code
  if (code !== 0) throw new Error(`ingestion exited with ${code}:\n${app.output()}`);
  return totals;
}

/** `bsc import samples FILE.csv` with its clock at `clock`, while no ingestion runs (the next one starts with them). */
export async function importWithCli(
  db: GoldenDatabase,
  clock: number,
  samples: readonly GoldenSample[],
): Promise<string> {
  const file = join(db.dataDir, 'import.csv');
  writeFileSync(file, ['signal,ts,value', ...samples.map((s) => `${s.signal},${s.ts},${s.value}`)].join('\n') + '\n');
  const cli = await spawnApp('dist/apps/cli/src/main.js', baseEnv(db, clock), ['import', 'samples', file]);
  const code = await cli.exited;
  if (code !== 0) throw new Error(`bsc import samples exited with ${code}:\n${cli.output()}`);
  return cli.output();
}

export interface IntakeTotals {
  accepted: number;
  rejected: number;
  duplicates: number;
}

export interface GoldenApi {
  app: SpawnedApp;
  url: string;
  apiKey: string;
  query<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** The API app with its clock at `clock`; no caches, so every answer is computed from the database. */
export async function startApi(db: GoldenDatabase, clock: number): Promise<GoldenApi> {
  const app = await spawnApp('dist/apps/api/src/main.js', {
    ...baseEnv(db, clock),
    SCORECARD_CACHE_TTL_S: '0',
    GRAPHQL_RESPONSE_CACHE_TTL_MS: '0',
  });
  const base = `http://127.0.0.1:${app.port}`;
  await waitForOk(`${base}/health`, 60_000, app);
  const apiKey = /Admin API key \(shown once\): (\S+)/.exec(app.output())?.[1];
  if (!apiKey) throw new Error(`no admin API key in the output:\n${app.output()}`);
  const query = async <T>(text: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `ApiKey ${apiKey}` },
      body: JSON.stringify({ query: text, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  };
  return {
    app,
    url: base,
    apiKey,
    query,
    stop: async () => {
      await stopApp(app);
    },
  };
}
