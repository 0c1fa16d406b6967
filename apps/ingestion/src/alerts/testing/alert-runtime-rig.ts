import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { FixedActiveModel, type Singletons } from '@bsc/app-kit';
import { InProcessEventBus, type BscEventMap, type EventBus } from '@bsc/events';
import {
  AlertRepository,
  AnomalyRepository,
  ForecastRepository,
  KpiValueRepository,
  openDataSource,
  TargetOverrideRepository,
} from '@bsc/persistence';
import type { AlertRuleDef } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import { AlertMetrics } from '../alert-metrics';
import type { ScaleOutRole } from '../alert-runtime.options';
import { AlertRuntimeService } from '../alert-runtime.service';
import { ANOMALY_WRITE_POLICY, AnomalyWriter } from '../anomaly-writer';
import type { AlertNotifier } from '../notifiers/alert-notifier.port';
import { ManualClock } from './alert-test-model';

export interface AlertRuntimeRigOptions<B extends EventBus = InProcessEventBus> {
  /** An in-process bus unless given (a NATS bus for a test across processes). */
  bus?: B;
  /** Delay before an unacknowledged alert goes one owner up; 1h unless given. */
  escalateAfter?: string;
  notifiers?: AlertNotifier[];
  /** The process's part in a scale-out; 'none' unless given. */
  scaleOut?: ScaleOutRole;
  /** Elected jobs (the alert evaluation starts when this process wins it); none unless given. */
  singletons?: Singletons;
  /** Lifetime of the election's lease (AlertRuntimeOptions.holdMs); unbounded unless given. */
  leaseTtlMs?: number;
}

/** An alert runtime on an in-memory database and bus, with what it raised, resolved and announced. */
export interface AlertRuntimeRig<B extends EventBus = InProcessEventBus> {
  /** The runtime in service: replaced by `restart`. */
  sut: AlertRuntimeService;
  bus: B;
  clock: ManualClock;
  activeModel: FixedActiveModel;
  alerts: AlertRepository;
  anomalies: AnomalyRepository;
  /** The forecasts the API stored, which a starting runtime reads its forecast bands from. */
  forecasts: ForecastRepository;
  /** The KPI values the feed stored, which a starting runtime reads its change-point history from. */
  kpiValues: KpiValueRepository;
  overrides: TargetOverrideRepository;
  raised: Array<BscEventMap['alert.raised']>;
  resolved: Array<BscEventMap['alert.resolved']>;
  announced: Array<BscEventMap['anomalies.detected']>;
  /** Stops the runtime and starts a new one on the same database, bus and clock, as a process restart would. */
  restart(): Promise<AlertRuntimeService>;
  stop(): Promise<void>;
}

export async function startAlertRuntime<B extends EventBus = InProcessEventBus>(
  model: TwinModel,
  rules: readonly AlertRuleDef[],
  now: number,
  options: AlertRuntimeRigOptions<B> = {},
): Promise<AlertRuntimeRig<B>> {
  const dataSource: DataSource = await openDataSource({ sqlitePath: ':memory:' });
  const bus = options.bus ?? (new InProcessEventBus() as EventBus as B);
  const clock = new ManualClock(now);
  const activeModel = new FixedActiveModel(model);
  const alerts = new AlertRepository(dataSource);
  const anomalies = new AnomalyRepository(dataSource);
  const overrides = new TargetOverrideRepository(dataSource);
  const forecasts = new ForecastRepository(dataSource);
  const kpiValues = new KpiValueRepository(dataSource);
  // recorded from before the runtime starts: nothing it announces at start is missed
  const raised: AlertRuntimeRig['raised'] = [];
  const resolved: AlertRuntimeRig['resolved'] = [];
  const announced: AlertRuntimeRig['announced'] = [];
  bus.subscribe('alert.raised', (e) => raised.push(e));
  bus.subscribe('alert.resolved', (e) => resolved.push(e));
  bus.subscribe('anomalies.detected', (e) => announced.push(e));
  const runtime = async (): Promise<AlertRuntimeService> => {
    // metrics of their own: a restarted runtime registers its metrics anew
    const metrics = new AlertMetrics(new Registry());
    const sut = new AlertRuntimeService(
      {
        enabled: true,
        rules,
        escalateAfter: options.escalateAfter ?? '1h',
        tickIntervalMs: 30_000,
        scaleOut: options.scaleOut,
        holdMs: options.leaseTtlMs,
      },
      activeModel,
      bus,
      alerts,
      overrides,
      metrics,
      options.notifiers ?? [],
      clock,
      options.singletons ?? null,
      new AnomalyWriter(anomalies, metrics, { ...ANOMALY_WRITE_POLICY, flushIntervalMs: 0 }),
      forecasts,
      kpiValues,
      anomalies,
    );
    await sut.onModuleInit();
    return sut;
  };
  const rig: AlertRuntimeRig<B> = {
    sut: await runtime(),
    bus,
    clock,
    activeModel,
    alerts,
    anomalies,
    forecasts,
    kpiValues,
    overrides,
    raised,
    resolved,
    announced,
    restart: async () => {
      await rig.sut.onModuleDestroy();
      rig.sut = await runtime();
      return rig.sut;
    },
    // once: a test may stop its rig itself before the block's hook does
    stop: () =>
      (stopped ??= (async () => {
        await rig.sut.onModuleDestroy();
        await dataSource.destroy();
      })()),
  };
  let stopped: Promise<void> | undefined;
  return rig;
}

interface JestHooks {
  beforeAll: (fn: () => void) => void;
  afterEach: (fn: () => Promise<void>) => void;
}

/**
 * Rigs for one describe block: the logger is off while it runs, and each rig `start` gave is stopped after its test.
 */
export function alertRuntimeRigs(): { start: typeof startAlertRuntime } {
  const started: Array<{ stop(): Promise<void> }> = [];
  // jest's hooks, read from the globals: the build compiles this folder without jest's types
  const { beforeAll, afterEach } = globalThis as unknown as JestHooks;
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterEach(async () => {
    for (const rig of started.splice(0)) await rig.stop();
  });
  const start = async <B extends EventBus = InProcessEventBus>(
    ...args: Parameters<typeof startAlertRuntime<B>>
  ): Promise<AlertRuntimeRig<B>> => {
    const rig = await startAlertRuntime<B>(...args);
    started.push(rig);
    return rig;
  };
  return { start };
}
