import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { InProcessEventBus, type BscEventMap } from '@bsc/events';
import { AlertRepository, openDataSource } from '@bsc/persistence';
import type { Alert, AlertEvent } from '@bsc/scorecard';
import { AlertJournal, type AlertDescriber, type AlertStore } from './alert-journal';
import { AlertMetrics } from './alert-metrics';
import type { AlertNotification } from './alert-notification';

const describer: AlertDescriber = {
  context: (a) => ({
    unit: { id: a.unitId, name: null, owner: null },
    kpi: { id: a.kpiId, name: null, unit: null, periodKey: null, value: null, target: null },
  }),
  message: (a) => a.message,
};

function anAlert(kpiId: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id: `status|${kpiId}|plant@1`,
    dedupKey: `status|${kpiId}|plant`,
    rule: 'status',
    kind: 'status_change',
    kpiId,
    unitId: 'plant',
    severity: 'critical',
    status: 'open',
    message: `${kpiId} is off target`,
    raisedAt: 1,
    owner: 'line-lead',
    escalationLevel: 0,
    ...overrides,
  };
}

const raise = (kpiId: string): AlertEvent => ({ type: 'raise', at: 1, alert: anAlert(kpiId) });
const resolve = (kpiId: string): AlertEvent => ({
  type: 'resolve',
  at: 2,
  alert: anAlert(kpiId, { status: 'resolved', resolvedAt: 2 }),
  reason: 'condition_cleared',
});

describe(AlertJournal.name, () => {
  let dataSource: DataSource;
  let repository: AlertRepository;
  let registry: Registry;
  let raised: Array<BscEventMap['alert.raised']>;
  let sent: AlertNotification[];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    repository = new AlertRepository(dataSource);
    registry = new Registry();
    raised = [];
    sent = [];
  });
  afterEach(() => dataSource.destroy());

  function journal(store: AlertStore): AlertJournal {
    const bus = new InProcessEventBus();
    bus.subscribe('alert.raised', (e) => raised.push(e));
    return new AlertJournal(store, bus, (n) => sent.push(n), new AlertMetrics(registry), describer);
  }

  /** The repository with one method replaced. */
  function failing<K extends keyof AlertStore>(
    method: K,
    when: (...args: Parameters<AlertStore[K]>) => boolean,
  ): AlertStore {
    return new Proxy(repository, {
      get(target, prop, receiver) {
        const original = Reflect.get(target, prop, receiver) as (...args: unknown[]) => unknown;
        if (prop !== method) return typeof original === 'function' ? original.bind(target) : original;
        return (...args: Parameters<AlertStore[K]>) =>
          when(...args) ? Promise.reject(new Error('database unavailable')) : original.apply(target, args);
      },
    });
  }

  const failures = async () =>
    (await registry.getSingleMetric('bsc_alert_persist_failures_total')?.get())?.values[0]?.value ?? 0;

  it('announces a stored alert even when its history entry cannot be written', async () => {
    const sut = journal(failing('markNotified', () => true));

    sut.record([raise('oee')]);
    await sut.whenIdle();

    expect(raised).toHaveLength(1);
    expect(sent.map((n) => n.type)).toEqual(['raised']);
    expect(await failures()).toBe(1);
  });

  it('loses only the transition whose write failed; later ones are stored in order', async () => {
    const sut = journal(failing('raise', (input) => input.kpiId === 'scrap'));

    sut.record([raise('scrap'), raise('oee')]);
    sut.record([resolve('oee')]);
    await sut.whenIdle();

    expect((await repository.list()).map((a) => [a.kpiId, a.status])).toEqual([['oee', 'resolved']]);
    expect(sent.map((n) => [n.type, n.kpi.id])).toEqual([
      ['raised', 'oee'],
      ['resolved', 'oee'],
    ]);
    expect(await failures()).toBe(1);
  });

  it('adopts the stored alert of the same condition instead of raising a second one', async () => {
    const existing = await repository.raise({
      rule: 'status',
      kpiId: 'oee',
      unitId: 'plant',
      severity: 'critical',
      message: 'old',
      dedupKey: 'status|oee|plant',
      raisedAt: 0,
    });
    const sut = journal(repository);

    sut.record([raise('oee'), resolve('oee')]);
    await sut.whenIdle();

    expect(raised).toEqual([]);
    expect(await repository.list()).toEqual([expect.objectContaining({ id: existing.alert.id, status: 'resolved' })]);
  });
});
