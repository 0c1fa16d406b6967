import type { InProcessEventBus, BscEventMap } from '@bsc/events';
import type { AlertRepository } from '@bsc/persistence';
import type { AlertRuleDef } from '@bsc/scorecard';
import type { AlertNotification } from './alert-notification';
import { RUNTIME_DEFAULT_ALERT_RULES } from './alert-rules';
import { AlertRuntimeService } from './alert-runtime.service';
import type { AlertNotifier } from './notifiers/alert-notifier.port';
import { alertRuntimeRigs, type AlertRuntimeRig } from './testing/alert-runtime-rig';
import { aKpiValue, alertTestModel, anInputSpike, ManualClock, NOV_START } from './testing/alert-test-model';

const T0 = Date.UTC(2026, 10, 22, 8);
const MIN = 60_000;
const STATUS_ONLY: AlertRuleDef[] = [{ id: 'status-change', kind: 'status_change' }];

class RecordingNotifier implements AlertNotifier {
  readonly name = 'recording';
  readonly sent: AlertNotification[] = [];
  notify(n: AlertNotification): void {
    this.sent.push(n);
  }
}

describe(AlertRuntimeService.name, () => {
  const rigs = alertRuntimeRigs();
  let rig: AlertRuntimeRig | undefined;
  // the rig's parts the cases read, set by `start`
  let alerts: AlertRepository;
  let bus: InProcessEventBus;
  let clock: ManualClock;
  let notifier: RecordingNotifier;
  let raised: Array<BscEventMap['alert.raised']>;
  let resolved: Array<BscEventMap['alert.resolved']>;

  async function start(
    rules: readonly AlertRuleDef[] = STATUS_ONLY,
    escalateAfter = '1h',
  ): Promise<AlertRuntimeService> {
    notifier = new RecordingNotifier();
    rig = await rigs.start(alertTestModel(), rules, T0, { escalateAfter, notifiers: [notifier] });
    ({ alerts, bus, clock, raised, resolved } = rig);
    return rig.sut;
  }

  function running(): AlertRuntimeRig {
    if (!rig) throw new Error('no runtime started');
    return rig;
  }

  /** Publishes one kpi.updated per value, a minute apart, and waits until the alerts are stored. */
  async function stream(sut: AlertRuntimeService, values: Array<number | null>): Promise<void> {
    for (const v of values) {
      bus.publish('kpi.updated', { value: aKpiValue(v, clock.now()), modelVersion: 1 });
      clock.advance(MIN);
    }
    await sut.whenIdle();
  }

  it('raises exactly one alert while the KPI is off target and resolves it when the KPI recovers', async () => {
    const sut = await start();

    await stream(sut, [96, 95, 89, 88, 87, 86, 85]);
    const open = await alerts.list();
    await stream(sut, [94.5, 96]);

    expect(open).toEqual([
      expect.objectContaining({
        status: 'open',
        rule: 'status-change',
        kpiId: 'quality',
        unitId: 'plant',
        severity: 'critical',
      }),
    ]);
    expect(raised).toEqual([
      expect.objectContaining({ alertId: open[0].id, kpiId: 'quality', rule: 'status-change', at: T0 + 2 * MIN }),
    ]);
    expect(resolved).toEqual([{ alertId: open[0].id, unitId: 'plant', at: T0 + 7 * MIN }]);
    expect(await alerts.list()).toEqual([
      expect.objectContaining({ id: open[0].id, status: 'resolved', resolvedAt: T0 + 7 * MIN }),
    ]);
    expect((await alerts.events(open[0].id)).map((e) => e.type)).toEqual(['raised', 'notified', 'resolved']);
    expect(notifier.sent.map((n) => [n.type, n.alert.id, n.kpi.value])).toEqual([
      ['raised', open[0].id, 89],
      ['resolved', open[0].id, 94.5],
    ]);
  });

  it('scores every value of a kpis.updated batch, as if each came alone', async () => {
    const sut = await start();
    bus.publish('kpis.updated', { values: [96, 95, 89].map((v) => aKpiValue(v, clock.now())), modelVersion: 1 });
    await sut.whenIdle();
    expect(await alerts.list()).toEqual([
      expect.objectContaining({ status: 'open', rule: 'status-change', kpiId: 'quality' }),
    ]);
    expect(notifier.sent.map((n) => [n.type, n.kpi.value])).toEqual([['raised', 89]]);
  });

  it('describes the alert for receivers with unit, KPI, owner and stored message', async () => {
    const sut = await start();

    await stream(sut, [85]);

    expect(notifier.sent[0]).toMatchObject({
      type: 'raised',
      alert: {
        rule: 'status-change',
        kind: 'status_change',
        severity: 'critical',
        status: 'open',
        owner: 'line-lead',
        escalationLevel: 0,
      },
      unit: { id: 'plant', name: 'Plant', owner: 'plant-manager' },
      kpi: { id: 'quality', name: 'First-pass quality', unit: '%', periodKey: '2026-11', value: 85, target: 95 },
      at: T0,
    });
    expect(notifier.sent[0].alert.message).toBe((await alerts.list())[0].message);
  });

  it('keeps one alert across a restart: the new runtime re-attaches it and resolves it on recovery', async () => {
    const first = await start();
    await stream(first, [85, 86]);

    const second = await running().restart();
    await stream(second, [84, 83]);
    const whileDown = await alerts.list();
    await stream(second, [97]);

    expect(whileDown).toHaveLength(1);
    expect(raised).toHaveLength(1);
    expect(resolved).toEqual([expect.objectContaining({ alertId: whileDown[0].id })]);
    expect((await alerts.get(whileDown[0].id))?.status).toBe('resolved');
  });

  it('uses a run-time target override for the period', async () => {
    const sut = await start();
    await running().overrides.set({
      kpiId: 'quality',
      periodKey: '2026-11',
      value: 80,
      setBy: 'cfo',
    });
    await sut.tick();

    await stream(sut, [85, 84]);

    expect(await alerts.list()).toEqual([]);
  });

  it('escalates an unacknowledged alert one owner up per delay, notifying each time', async () => {
    const sut = await start(STATUS_ONLY, '30m');
    const escalated: string[] = [];
    bus.subscribe('alert.escalated', (e) => escalated.push(`${e.level}:${e.to}`));
    await stream(sut, [85]);

    await sut.tick(clock.advance(20 * MIN));
    await sut.tick(clock.advance(15 * MIN));
    await sut.tick(clock.advance(31 * MIN));
    await sut.tick(clock.advance(60 * MIN));
    const [alert] = await alerts.list();

    expect(notifier.sent.map((n) => [n.type, n.alert.owner, n.alert.previousOwner])).toEqual([
      ['raised', 'line-lead', undefined],
      ['escalated', 'plant-manager', 'line-lead'],
      ['escalated', 'ceo', 'plant-manager'],
    ]);
    expect(alert.escalationLevel).toBe(2);
    expect((await alerts.events(alert.id)).map((e) => e.type)).toEqual([
      'raised',
      'notified',
      'escalated',
      'escalated',
    ]);
    expect(escalated).toEqual(['1:plant-manager', '2:ceo']);
  });

  it('does not escalate an alert acknowledged through the API', async () => {
    const sut = await start(STATUS_ONLY, '30m');
    await stream(sut, [85]);
    const [alert] = await alerts.list();

    await alerts.acknowledge(alert.id, 'line-lead', clock.now());
    await sut.tick(clock.advance(2 * 60 * MIN));

    expect(notifier.sent.map((n) => n.type)).toEqual(['raised']);
  });

  it('notifies again when an acknowledged alert worsens to critical, not when it eases', async () => {
    const sut = await start();
    // 92: at risk (below 93) -> warning; 88: off target (below 90) -> critical
    await stream(sut, [92]);
    const [alert] = await alerts.list();
    await alerts.acknowledge(alert.id, 'line-lead', clock.now());
    await sut.tick(clock.advance(MIN));

    await stream(sut, [88]);
    await stream(sut, [92]);

    expect(notifier.sent.map((n) => [n.type, n.alert.severity, n.alert.id])).toEqual([
      ['raised', 'warning', alert.id],
      ['worsened', 'critical', alert.id],
    ]);
  });

  it('raises no stale alert for a KPI that has not had the time to report since start', async () => {
    // quality updates every minute (stale after 2 min); at start the engine still judges its inputs stale
    const sut = await start([{ id: 'stale', kind: 'stale', kpis: ['quality'] }]);
    bus.publish('kpi.updated', {
      value: aKpiValue(96, clock.now(), { quality: { coverage: 1, stale: true, quality: 'uncertain' } }),
      modelVersion: 1,
    });
    await sut.whenIdle();
    await sut.tick(clock.advance(MIN));
    const withinGrace = await alerts.list();
    await sut.tick(clock.advance(2 * MIN));

    expect(withinGrace).toEqual([]);
    expect(await alerts.list()).toEqual([expect.objectContaining({ rule: 'stale', status: 'open' })]);
  });

  it('raises anew after a manual resolution only once the condition has cleared', async () => {
    const sut = await start();
    await stream(sut, [85]);
    const [first] = await alerts.list();
    await alerts.resolve(first.id, clock.now(), 'line-lead');
    bus.publish('alert.resolved', { alertId: first.id, unitId: 'plant', at: clock.now() });
    await sut.whenIdle();

    await stream(sut, [84, 83]);
    const afterManual = await alerts.list({ statuses: ['open'] });
    await stream(sut, [96, 85]);

    expect(afterManual).toEqual([]);
    expect(await alerts.list({ statuses: ['open'] })).toEqual([expect.objectContaining({ kpiId: 'quality' })]);
  });

  it('raises a stale alert on the tick when the KPI stops reporting', async () => {
    const sut = await start([{ id: 'stale', kind: 'stale', kpis: ['quality'] }]);
    await stream(sut, [96]);

    await sut.tick(clock.advance(MIN));
    const early = await alerts.list();
    await sut.tick(clock.advance(5 * MIN));

    expect(early).toEqual([]);
    expect(await alerts.list()).toEqual([expect.objectContaining({ rule: 'stale', status: 'open' })]);
  });

  it('keeps a stale alert open across a restart until data arrives again', async () => {
    const rules: AlertRuleDef[] = [{ id: 'stale', kind: 'stale', kpis: ['quality'] }];
    const first = await start(rules);
    await stream(first, [96]);
    await first.tick(clock.advance(5 * MIN));

    const second = await running().restart();
    await second.tick(clock.advance(MIN));
    const afterRestart = await alerts.list();
    await stream(second, [96]);

    expect(afterRestart).toEqual([expect.objectContaining({ rule: 'stale', status: 'open' })]);
    expect(raised).toHaveLength(1);
    expect(await alerts.list()).toEqual([expect.objectContaining({ id: afterRestart[0].id, status: 'resolved' })]);
  });

  it('warns that a KPI is likely to miss its period target when the forecast probability drops below 0.3', async () => {
    const sut = await start(RUNTIME_DEFAULT_ALERT_RULES.filter((r) => r.kind === 'forecast'));
    await stream(sut, [95.5]);

    bus.publish('forecast.updated', {
      forecasts: [{ kpiId: 'quality', periodKey: '2026-11', expected: 91.2, probability: 0.2 }],
      at: clock.now(),
    });
    await sut.whenIdle();
    bus.publish('forecast.updated', {
      forecasts: [{ kpiId: 'quality', periodKey: '2026-11', expected: 94, probability: 0.32 }],
      at: clock.now(),
    });
    await sut.whenIdle();
    const stillOpen = await alerts.list({ statuses: ['open'] });
    bus.publish('forecast.updated', {
      forecasts: [{ kpiId: 'quality', periodKey: '2026-11', expected: 95, probability: 0.6 }],
      at: clock.now(),
    });
    await sut.whenIdle();

    expect(stillOpen).toEqual([
      expect.objectContaining({
        rule: 'forecast-miss',
        message:
          'First-pass quality is likely to miss its 2026-11 target of 95 %: 20 % probability of meeting it, expected 91.2 % at period end',
      }),
    ]);
    expect(await alerts.list({ statuses: ['open'] })).toEqual([]);
  });

  it('ignores forecasts and values of an older period than the newest seen', async () => {
    const sut = await start(RUNTIME_DEFAULT_ALERT_RULES.filter((r) => r.kind !== 'stale'));
    await stream(sut, [96]);
    bus.publish('kpi.updated', {
      value: aKpiValue(50, clock.now(), { periodKey: '2026-10', periodStart: NOV_START - 31 * 24 * 60 * MIN }),
      modelVersion: 1,
    });
    bus.publish('forecast.updated', {
      forecasts: [{ kpiId: 'quality', periodKey: '2026-10', expected: 50, probability: 0 }],
      at: clock.now(),
    });
    await sut.whenIdle();

    expect(await alerts.list()).toEqual([]);
  });

  it('resolves live alerts of a KPI removed from the model', async () => {
    const sut = await start();
    await stream(sut, [85]);
    const [alert] = await alerts.list();

    const model = alertTestModel();
    await running().activeModel.import({ ...model, kpis: model.kpis.filter((k) => k.id !== 'quality') });
    await sut.whenIdle();

    expect((await alerts.get(alert.id))?.status).toBe('resolved');
    expect(resolved).toEqual([expect.objectContaining({ alertId: alert.id })]);
  });

  it('raises one anomaly alert on a spike in an input signal and resolves it after the hold', async () => {
    const sut = await start([{ id: 'odd', kind: 'anomaly' }]);
    await stream(sut, [96]);
    bus.publish('samples.ingested', { samples: anInputSpike(T0) });
    await sut.whenIdle();
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ kpiId: 'quality', rule: 'odd' });
    expect(raised[0].message).toContain('input line1.good behaves abnormally');
    clock.advance(15 * MIN); // the default hold
    await sut.tick();
    expect(resolved).toEqual([expect.objectContaining({ alertId: raised[0].alertId })]);
  });

  it("announces a KPI value outside its forecast's band and raises the anomaly rule on it", async () => {
    const sut = await start([{ id: 'odd', kind: 'anomaly', minScore: 0.3 }]);
    const announced = running().announced;
    await stream(sut, [96]);
    // band [94, 98] over the next hour: middle 96, σ = 2/1.96
    const band = [
      { time: clock.now(), lower95: 94, upper95: 98 },
      { time: clock.now() + 60 * MIN, lower95: 94, upper95: 98 },
    ];
    bus.publish('forecast.updated', {
      forecasts: [{ kpiId: 'quality', periodKey: '2026-11', expected: 96, probability: 0.6, band }],
      at: clock.now(),
    });
    await stream(sut, [97, 91]);
    // 5/(2/1.96) = 4.9σ: p = 9.6e-7, surprise 6.02 decades, score 0.546
    expect(announced).toHaveLength(1);
    expect(announced[0].anomalies).toEqual([
      expect.objectContaining({ kind: 'kpi_interval', kpiId: 'quality', value: 91, lower: 94, upper: 98 }),
    ]);
    expect(announced[0].anomalies[0].score).toBeCloseTo(0.546, 3);
    expect(raised).toEqual([expect.objectContaining({ rule: 'odd', kpiId: 'quality' })]);
    expect(raised[0].message).toContain("outside its forecast's 95 % interval");
    // and stored, with the KPI's org unit, for the charts and the `anomalies` query
    await sut.whenIdle();
    const stored = await running().anomalies.list({ from: 0, to: clock.now() + 1 });
    expect(stored).toEqual([
      expect.objectContaining({ kind: 'kpi_interval', kpiId: 'quality', unitId: 'plant', value: 91, lower: 94 }),
    ]);
  });
});
