import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { HealthRegistry, loadConfig } from '@bsc/app-kit';
import { ingestionTestModel, TwinGraph, TwinModelBuilder } from '@bsc/twin';
import { IngestionConfig } from '../../config/ingestion.config';
import { IngestionMetrics } from '../../metrics/ingestion-metrics';
import type { SampleIntake } from '../../pipeline/sample-intake.port';
import { FakeModel } from '../../pipeline/testing/pipeline-fakes';
import { ConnectorStatusRegistry } from '../connector-status.registry';
import { MqttConnectorService } from './mqtt-connector.service';

/** The minimal model with its one MQTT signal entered by hand instead: no MQTT binding. */
const unbound = () => TwinModelBuilder.minimal().set('signals[1].source', 'manual').buildValid();

/** Waits (a macrotask at a time, at most 5 s) until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (const end = Date.now() + 5_000; !done() && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
}

// `bsc model import` switches running apps to the new version without a restart (README): a version that adds the
// first MQTT bindings starts the connector, one that drops the last stops it, as a start without bindings stays idle.
describe(MqttConnectorService.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  function build() {
    const model = unbound();
    const activeModel = new FakeModel({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 });
    // nothing listens on port 1: the client stays connecting, which is all these specs need
    const config = loadConfig(IngestionConfig, { env: { BSC_PROFILE: 'test', MQTT_URL: 'mqtt://127.0.0.1:1' } });
    const statuses = new ConnectorStatusRegistry();
    const health = new HealthRegistry();
    const intake = { submit: jest.fn(), deadLetter: jest.fn() } as unknown as SampleIntake;
    const metrics = new IngestionMetrics(new Registry(), statuses);
    const sut = new MqttConnectorService(config, activeModel, intake, statuses, metrics, health);
    const mqtt = () => statuses.all().filter((s) => s.kind === 'mqtt');
    return { sut, activeModel, health, mqtt };
  }

  it('connects once a new model version binds MQTT topics, and stops when a later one binds none', async () => {
    const { sut, activeModel, health, mqtt } = build();
    sut.onApplicationBootstrap();
    expect(mqtt()).toEqual([]); // nothing bound: idle
    expect((await health.run()).checks.mqtt).toMatchObject({ ok: true, detail: { connected: false, filters: 0 } });

    activeModel.change(ingestionTestModel(), 2);
    const connecting = mqtt().map((s) => s.state);
    // ingestionTestModel binds two topic filters (test/line1 and test/+/temp); not connected: degraded
    const bound = (await health.run()).checks.mqtt;

    activeModel.change(unbound(), 3);
    await until(() => mqtt()[0]?.state === 'stopped');
    const idle = (await health.run()).checks.mqtt;
    await sut.onModuleDestroy();

    expect(connecting).toEqual(['connecting']);
    expect(bound).toMatchObject({ ok: false, detail: { connected: false, filters: 2 } });
    expect(mqtt().map((s) => s.state)).toEqual(['stopped']);
    expect(idle).toMatchObject({ ok: true, detail: { connected: false, filters: 0 } });
  });

  it('connects for the bindings of a version imported before its start (while the KPI state was rebuilt)', async () => {
    const { sut, activeModel, health, mqtt } = build();
    // created on version 1 (no binding); version 2 imported while the modules before it start
    activeModel.change(ingestionTestModel(), 2);

    sut.onApplicationBootstrap();
    const bound = (await health.run()).checks.mqtt;
    const states = mqtt().map((s) => s.state);
    await sut.onModuleDestroy();

    // ingestionTestModel binds two topic filters (test/line1 and test/+/temp): connecting to them
    expect(bound).toMatchObject({ ok: false, detail: { connected: false, filters: 2 } });
    expect(states).toEqual(['connecting']);
  });
});
