import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { InProcessEventBus, type BscEventMap } from '@bsc/events';
import { AlertRepository, TargetOverrideRepository } from '@bsc/persistence';
import { AlertMetrics } from '../../../apps/ingestion/src/alerts/alert-metrics';
import { AlertRuntimeService } from '../../../apps/ingestion/src/alerts/alert-runtime.service';
import {
  aKpiValue,
  alertTestModel,
  FixedActiveModel,
  ManualClock,
} from '../../../apps/ingestion/src/alerts/testing/alert-test-model';
import { PgTestSchema } from '../persistence/pg-test-schema';

jest.setTimeout(60_000);

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;

describe('alert runtime on PostgreSQL', () => {
  let pg: PgTestSchema;
  let clock: ManualClock;
  const running: AlertRuntimeService[] = [];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    pg = await PgTestSchema.create();
    clock = new ManualClock(T0);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.onModuleDestroy();
    await pg.drop();
  });

  /** One runtime (one ingestion replica) with its own bus over the shared database. */
  async function replica(): Promise<{
    runtime: AlertRuntimeService;
    bus: InProcessEventBus;
    raised: Array<BscEventMap['alert.raised']>;
  }> {
    const bus = new InProcessEventBus();
    const raised: Array<BscEventMap['alert.raised']> = [];
    bus.subscribe('alert.raised', (e) => raised.push(e));
    const runtime = new AlertRuntimeService(
      {
        enabled: true,
        rules: [{ id: 'status-change', kind: 'status_change' }],
        escalateAfter: '1h',
        tickIntervalMs: 30_000,
      },
      new FixedActiveModel(alertTestModel()),
      bus,
      new AlertRepository(pg.dataSource),
      new TargetOverrideRepository(pg.dataSource),
      new AlertMetrics(new Registry()),
      [],
      clock,
    );
    await runtime.onModuleInit();
    running.push(runtime);
    return { runtime, bus, raised };
  }

  async function publish(r: { runtime: AlertRuntimeService; bus: InProcessEventBus }, value: number): Promise<void> {
    r.bus.publish('kpi.updated', { value: aKpiValue(value, clock.now()), modelVersion: 1 });
    await r.runtime.whenIdle();
  }

  it('keeps one alert across a restart', async () => {
    const first = await replica();
    await publish(first, 85);
    await first.runtime.onModuleDestroy();
    running.splice(0);

    clock.advance(MIN);
    const second = await replica();
    await publish(second, 84);
    const afterRestart = await new AlertRepository(pg.dataSource).list();
    clock.advance(MIN);
    await publish(second, 97);

    expect(afterRestart).toHaveLength(1);
    expect(second.raised).toEqual([]);
    expect(await new AlertRepository(pg.dataSource).list()).toEqual([
      expect.objectContaining({ id: afterRestart[0].id, status: 'resolved' }),
    ]);
  });

  it('keeps a manual resolution across a restart until the condition clears', async () => {
    // off target (85) at T0: raised; resolved by hand at T0 + 1 min; restart at T0 + 2 min. 84 at T0 + 2: the same
    // ongoing condition, nothing raised; 97 at T0 + 3 clears it; 85 at T0 + 4 raises a new alert.
    const alerts = new AlertRepository(pg.dataSource);
    const first = await replica();
    await publish(first, 85);
    const [raised] = await alerts.list();
    await alerts.resolve(raised.id, T0 + MIN, 'line-lead');
    await first.runtime.onModuleDestroy();
    running.splice(0);

    clock.advance(2 * MIN);
    const second = await replica();
    await publish(second, 84);
    const whileHeld = [...second.raised];
    clock.advance(MIN);
    await publish(second, 97);
    clock.advance(MIN);
    await publish(second, 85);

    expect(whileHeld).toEqual([]);
    expect(second.raised).toEqual([expect.objectContaining({ at: T0 + 4 * MIN })]);
  });

  it('stores and announces one alert when two replicas see the same condition at once', async () => {
    const a = await replica();
    const b = await replica();

    await Promise.all([publish(a, 85), publish(b, 85)]);

    expect(await new AlertRepository(pg.dataSource).list()).toHaveLength(1);
    expect(a.raised.length + b.raised.length).toBe(1);
  });
});
