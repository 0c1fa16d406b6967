import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthRegistry, loadConfig } from '@bsc/app-kit';
import { ingestionTestModel, TwinGraph, TwinModelBuilder } from '@bsc/twin';
import { IngestionConfig } from '../../config/ingestion.config';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import type { SampleIntake } from '../../pipeline/sample-intake.port';
import { FakeModel } from '../../pipeline/testing/pipeline-fakes';
import { ConnectorStatusRegistry } from '../connector-status.registry';
import { SparkplugConnectorService } from './sparkplug-connector.service';

/** Waits (a macrotask at a time, at most 5 s) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (const end = Date.now() + 5_000; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
}

/** The host on version 1, a model with no Sparkplug binding; nothing listens on port 1, so it stays connecting. */
function connectorOnMinimalModel() {
  const model = TwinModelBuilder.minimal().buildValid();
  const activeModel = new FakeModel({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 });
  const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', MQTT_URL: 'mqtt://127.0.0.1:1' } });
  const statuses = new ConnectorStatusRegistry();
  const health = new HealthRegistry();
  const intake = { submit: jest.fn(), deadLetter: jest.fn() } as unknown as SampleIntake;
  const stored = { latest: () => Promise.resolve([]) };
  const metrics = new IngestionMetrics(new Registry(), statuses);
  const sut = new SparkplugConnectorService(config, activeModel, intake, stored, statuses, metrics, health);
  return { model, activeModel, statuses, health, sut };
}

// `bsc model import` switches running apps to the new version without a restart (README): a version that adds the
// first Sparkplug bindings starts the host application, one that drops the last stops it.
describe(SparkplugConnectorService.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('connects once a new model version binds Sparkplug groups, and stops when a later one binds none', async () => {
    const { model, activeModel, statuses, health, sut } = connectorOnMinimalModel();
    const sparkplug = () => statuses.all().filter((s) => s.kind === 'sparkplug');

    sut.onApplicationBootstrap();
    expect(sparkplug()).toEqual([]); // nothing bound: idle
    expect((await health.run()).checks.sparkplug).toEqual({ ok: true, detail: { connected: false, groups: 0 } });

    // ingestionTestModel binds the one group `acme`
    activeModel.change(ingestionTestModel(), 2);
    const connecting = sparkplug().map((s) => s.state);
    const bound = (await health.run()).checks.sparkplug;

    activeModel.change(model, 3);
    await until(() => sparkplug()[0]?.state === 'stopped');
    const idle = (await health.run()).checks.sparkplug;
    await sut.onModuleDestroy();

    expect(connecting).toEqual(['connecting']);
    expect(bound).toEqual({ ok: false, detail: { connected: false, groups: 1 } });
    expect(sparkplug().map((s) => s.state)).toEqual(['stopped']);
    expect(idle).toEqual({ ok: true, detail: { connected: false, groups: 0 } });
  });

  it('connects for the groups of a version imported before its start (while the KPI state was rebuilt)', async () => {
    const { activeModel, statuses, health, sut } = connectorOnMinimalModel();
    // created on version 1; version 2 (ingestionTestModel binds the one group `acme`) imported before its start
    activeModel.change(ingestionTestModel(), 2);

    sut.onApplicationBootstrap();
    const bound = (await health.run()).checks.sparkplug;
    const states = statuses
      .all()
      .filter((s) => s.kind === 'sparkplug')
      .map((s) => s.state);
    await sut.onModuleDestroy();

    expect(bound).toEqual({ ok: false, detail: { connected: false, groups: 1 } });
    expect(states).toEqual(['connecting']);
  });
});
