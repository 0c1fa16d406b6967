import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { FixedActiveModel } from '@bsc/app-kit';
import { InProcessEventBus, type BscEventMap } from '@bsc/events';
import { AlertRepository, AnomalyRepository, openDataSource, TargetOverrideRepository } from '@bsc/persistence';
import type { AlertRuleDef } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import { AlertMetrics } from '../alert-metrics';
import { AlertRuntimeService } from '../alert-runtime.service';
import { ANOMALY_WRITE_POLICY, AnomalyWriter } from '../anomaly-writer';
import { ManualClock } from './alert-test-model';

/** An alert runtime on an in-memory database and bus, with what it raised and announced. */
export interface AlertRuntimeRig {
  sut: AlertRuntimeService;
  bus: InProcessEventBus;
  clock: ManualClock;
  anomalies: AnomalyRepository;
  raised: Array<BscEventMap['alert.raised']>;
  announced: Array<BscEventMap['anomalies.detected']>;
  stop(): Promise<void>;
}

export async function startAlertRuntime(
  model: TwinModel,
  rules: readonly AlertRuleDef[],
  now: number,
): Promise<AlertRuntimeRig> {
  const dataSource: DataSource = await openDataSource({ sqlitePath: ':memory:' });
  const bus = new InProcessEventBus();
  const clock = new ManualClock(now);
  const metrics = new AlertMetrics(new Registry());
  const anomalies = new AnomalyRepository(dataSource);
  const sut = new AlertRuntimeService(
    { enabled: true, rules, escalateAfter: '1h', tickIntervalMs: 30_000 },
    new FixedActiveModel(model),
    bus,
    new AlertRepository(dataSource),
    new TargetOverrideRepository(dataSource),
    metrics,
    [],
    clock,
    null,
    new AnomalyWriter(anomalies, metrics, { ...ANOMALY_WRITE_POLICY, flushIntervalMs: 0 }),
  );
  const raised: AlertRuntimeRig['raised'] = [];
  const announced: AlertRuntimeRig['announced'] = [];
  bus.subscribe('alert.raised', (e) => raised.push(e));
  bus.subscribe('anomalies.detected', (e) => announced.push(e));
  await sut.onModuleInit();
  return {
    sut,
    bus,
    clock,
    anomalies,
    raised,
    announced,
    stop: async () => {
      await sut.onModuleDestroy();
      await dataSource.destroy();
    },
  };
}
