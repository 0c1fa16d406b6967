import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FiscalCalendar } from '@bsc/kpi';
import { loadModelFromText, serializeModel } from '@bsc/twin';
import { freePort, ROOT, spawnApp, stopApp, waitForOk, type SpawnedApp } from '../../../scripts/rig/spawn-app';

const run = promisify(execFile);
const POLL_MS = 250;

// The platform and the `bsc` command as separate processes on one database: what the CLI changes reaches the
// running platform without a restart.
describe('one source of truth across processes (platform + bsc CLI)', () => {
  let app: SpawnedApp;
  let key: string;

  beforeAll(async () => {
    app = await spawnApp('dist/apps/platform/src/main.js', {
      BSC_PROFILE: 'embedded',
      SIMULATOR_ENABLED: 'false',
      MQTT_EMBEDDED_PORT: String(await freePort()),
      MODEL_POLL_INTERVAL_S: '1',
      SAMPLE_IMPORT_POLL_INTERVAL_S: '1',
    });
    await waitForOk(`http://127.0.0.1:${app.port}/health/live`, 60_000, app);
    key = /Admin API key \(shown once\): (\S+)/.exec(app.output())?.[1] ?? '';
    expect(key).not.toBe('');
  }, 90_000);

  afterAll(async () => {
    if (app) await stopApp(app);
  }, 30_000);

  const bsc = (...args: string[]) =>
    run(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: app.dataDir, BSC_PROFILE: 'embedded' },
    });

  async function scorecard(): Promise<{ modelVersion: number; revenue: number | null; objectiveNames: string[] }> {
    const res = await fetch(`http://127.0.0.1:${app.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({
        query: '{ scorecard(unit: "acme") { modelVersion perspectives { objectives { name kpis { id value } } } } }',
      }),
    });
    const body = (await res.json()) as {
      data: {
        scorecard: {
          modelVersion: number;
          perspectives: Array<{
            objectives: Array<{ name: string; kpis: Array<{ id: string; value: number | null }> }>;
          }>;
        };
      };
    };
    const objectives = body.data.scorecard.perspectives.flatMap((p) => p.objectives);
    return {
      modelVersion: body.data.scorecard.modelVersion,
      revenue: objectives.flatMap((o) => o.kpis).find((k) => k.id === 'revenue')?.value ?? null,
      objectiveNames: objectives.map((o) => o.name),
    };
  }

  async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await probe();
      if (done(value) || Date.now() - started > timeoutMs) return value;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  it('recomputes the KPI period of samples loaded with `bsc import samples`', async () => {
    // two orders in the current quarter (revenue = sum(erp.order_value, period)); no simulator, so nothing else
    const { model } = loadModelFromText((await bsc('model', 'export', '--format', 'json')).stdout, 'json');
    const quarter = new FiscalCalendar(model!.calendar).periodOf(Date.now(), 'quarter');
    const file = join(app.dataDir, 'orders.csv');
    writeFileSync(
      file,
      `signal,ts,value\nerp.order_value,${quarter.start + 3_600_000},1000000\nerp.order_value,${quarter.start + 7_200_000},250000\n`,
    );
    expect((await scorecard()).revenue).toBeNull();

    const imported = await bsc('import', 'samples', file);
    expect(imported.stdout).toMatch(/2 stored/);

    // 1 000 000 + 250 000
    expect((await until(scorecard, (s) => s.revenue !== null)).revenue).toBe(1_250_000);
  }, 150_000);

  it('switches to a model version imported with `bsc model import`', async () => {
    const before = await scorecard();
    const { model } = loadModelFromText((await bsc('model', 'export', '--format', 'json')).stdout, 'json');
    const target = model!.objectives.find((o) => o.unit === 'acme')!;
    const renamed = {
      ...model!,
      objectives: model!.objectives.map((o) => (o.id === target.id ? { ...o, name: `${o.name} (v2)` } : o)),
    };
    const file = join(app.dataDir, 'twin-v2.yaml');
    writeFileSync(file, serializeModel(renamed, 'yaml'));

    expect((await bsc('model', 'import', file)).stdout).toMatch(/as version 2/);

    const after = await until(scorecard, (s) => s.modelVersion === 2);
    expect(before.modelVersion).toBe(1);
    expect(after.modelVersion).toBe(2);
    expect(after.objectiveNames).toContain(`${target.name} (v2)`);
  }, 150_000);
});
