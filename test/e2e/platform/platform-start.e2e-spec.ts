import { freePort, spawnApp, stopApp, waitForOk, type SpawnedApp } from '../../../scripts/rig/spawn-app';

// `npm start` on a fresh data directory: embedded SQLite, in-process broker, simulator with a short backfill.
describe('npm start (the platform on embedded defaults)', () => {
  let app: SpawnedApp;

  beforeAll(async () => {
    // Free ports for the in-process broker and the simulator's OPC UA server, so a running platform cannot clash.
    app = await spawnApp('dist/apps/platform/src/main.js', {
      BSC_PROFILE: 'embedded',
      SIMULATOR_BACKFILL_DAYS: '2',
      MQTT_EMBEDDED_PORT: String(await freePort()),
      SIMULATOR_OPCUA_PORT: String(await freePort()),
    });
    await waitForOk(`http://127.0.0.1:${app.port}/health/live`, 60_000, app);
  }, 90_000);

  afterAll(async () => {
    if (app) await stopApp(app);
  });

  it('reports ready on /health with its checks', async () => {
    await waitForOk(`http://127.0.0.1:${app.port}/health`, 60_000, app);
    const body = (await (await fetch(`http://127.0.0.1:${app.port}/health`)).json()) as {
      status: string;
      checks: Record<string, { ok: boolean }>;
    };
    expect(body.status).toBe('ok');
    expect(body.checks.database.ok).toBe(true);
    // the schedule's forecast cycles are watched (none due yet: the first comes 45 s after the start)
    expect(body.checks.forecasts).toMatchObject({ ok: true, detail: { failuresInARow: 0 } });
    // and the KPI revisions' writes
    expect(body.checks['kpi-revisions']).toMatchObject({ ok: true, detail: { stalled: false } });
  }, 70_000);

  it('serves Prometheus metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    expect(text).toMatch(/^bsc_process_cpu_user_seconds_total /m);
  });

  it('writes structured JSON logs', () => {
    const lines = app
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0])).toHaveProperty('level');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    await expect(stopApp(app)).resolves.toBe(0);
  }, 30_000);
});

describe('start-up with bad configuration', () => {
  it('fails fast with one line per invalid variable', async () => {
    const app = await spawnApp('dist/apps/platform/src/main.js', { PORT: 'not-a-port', DATABASE_URL: 'mysql://nope' });
    const code = await app.exited;
    expect(code).not.toBe(0);
    expect(app.output()).toMatch(/invalid configuration/);
    expect(app.output()).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
  }, 30_000);
});
