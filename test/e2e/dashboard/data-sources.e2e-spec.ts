import { rmSync } from 'node:fs';
import { connectAsync, type MqttClient } from 'mqtt';
import { MosquittoBroker } from '../../../scripts/rig/mosquitto-broker';
import { freePort, spawnApp, stopApp, waitForOk, type SpawnedApp } from '../../../scripts/rig/spawn-app';
import { chromiumPage } from './chromium-browser';
import { PHONE, readWideTables } from './wide-tables';

jest.setTimeout(90_000);

const TELEMETRY = 'acme/plant-south/line3/telemetry';
const ADMIN_KEY = /Admin API key \(shown once\): (\S+)/;
// OPC UA and Sparkplug of the demo model have no server here: their rows are unhealthy from the start
const EXPECTED_CONSOLE = /status of 401/;

describe('Data-source health in Chromium (the platform on its own Mosquitto)', () => {
  let broker: MosquittoBroker;
  let app: SpawnedApp;
  let publisher: MqttClient;
  const ui = chromiumPage({ noProblemsAfterEach: EXPECTED_CONSOLE });

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
    app = await spawnApp('dist/apps/platform/src/main.js', {
      BSC_PROFILE: 'embedded',
      SIMULATOR_ENABLED: 'false',
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `bsc-data-sources-e2e-${process.pid}`,
      SIMULATOR_OPCUA_PORT: String(await freePort()),
      ALERTS_ENABLED: 'false',
    });
    await waitForOk(`http://127.0.0.1:${app.port}/health/live`, 60_000, app);
    const key = ADMIN_KEY.exec(app.output())?.[1];
    if (!key) throw new Error(`no admin key in the platform's output:\n${app.output().slice(-2_000)}`);
    publisher = await connectAsync(broker.url, { clientId: `bsc-e2e-pub-${process.pid}`, reconnectPeriod: 0 });
    await ui.page.goto(`http://127.0.0.1:${app.port}`);
    await ui.page.getByLabel('API key or JWT').fill(key);
    await ui.page.getByRole('button', { name: 'Sign in' }).click();
    await ui.page.locator('.perspective').first().waitFor();
  });
  afterAll(async () => {
    await publisher?.endAsync().catch(() => undefined);
    if (app) {
      await stopApp(app);
      rmSync(app.dataDir, { recursive: true, force: true });
    }
    await broker?.destroy();
  });

  const mqttRow = () => ui.page.locator('#data-sources tr[data-connector-id="mqtt"]');

  it('shows the MQTT connector connected, its samples and dead letters by reason with the raw payload', async () => {
    await ui.page.getByRole('tab', { name: 'Data sources' }).click();
    await ui.page.locator('#data-sources tr[data-connector-id="mqtt"].healthy').waitFor({ timeout: 20_000 });
    expect(await mqttRow().locator('[data-cell=state] .state').textContent()).toBe('connected');

    const ts = Date.now();
    await publisher.publishAsync(TELEMETRY, JSON.stringify({ ts, state: 1, speed: 120, good: 4 }), { qos: 1 });
    await publisher.publishAsync(TELEMETRY, '{"ts": not json', { qos: 1 });

    // one message of three bound signals: three samples, received seconds ago
    await mqttRow().locator('td:nth-of-type(4)', { hasText: /^3$/ }).waitFor({ timeout: 15_000 });
    expect(await mqttRow().locator('[data-cell=last]').textContent()).toMatch(/^\d+ s ago$/);
    const invalid = ui.page.locator('#data-sources tr[data-reason="invalid_json"]');
    await invalid.waitFor({ timeout: 15_000 });
    await invalid.locator('summary').click();
    expect(await invalid.locator('pre').first().textContent()).toBe('{"ts": not json');
  });

  it('scrolls the connector and dead-letter tables on a phone inside their own box', async () => {
    await ui.page.setViewportSize(PHONE);
    const tables = await readWideTables(ui.page);
    await ui.page.setViewportSize({ width: 1440, height: 900 });

    expect(await ui.page.locator('#data-sources table.connectors, #data-sources table.dead-letters').count()).toBe(2);
    expect(tables.wide).toBeGreaterThanOrEqual(2);
    expect(tables.unreachable).toEqual([]);
    expect(tables.pageOverflow).toBeLessThanOrEqual(0);
  });

  it('shows the connector unhealthy once its broker stops', async () => {
    await broker.stop();

    await ui.page.locator('#data-sources tr[data-connector-id="mqtt"].unhealthy').waitFor({ timeout: 30_000 });
    expect(await mqttRow().locator('[data-cell=state] .state').textContent()).toMatch(
      /^(reconnecting|disconnected|failed)$/,
    );
  });
});
