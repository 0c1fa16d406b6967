import type { KpiValue } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { KpiValueGate } from './kpi-value-gate';
import { aKpiValue, NOV_START } from './testing/alert-test-model';

const OCT_START = Date.UTC(2026, 9, 1);
const H = 3_600_000;

/** `kpiId`'s value `v` at hour `h` of November, or of October when `october`. */
const at = (kpiId: string, v: number, h: number, october = false): KpiValue =>
  october
    ? aKpiValue(v, OCT_START + h * H, { kpiId, periodKey: '2026-10', periodStart: OCT_START, periodEnd: NOV_START })
    : aKpiValue(v, NOV_START + h * H, { kpiId });

describe(KpiValueGate.name, () => {
  const bus = new InProcessEventBus();
  let sut: KpiValueGate;
  let delivered: KpiValue[][];

  beforeEach(() => {
    sut = new KpiValueGate();
    sut.listen(bus);
    delivered = [];
  });
  afterEach(() => sut.stop());

  const open = () => sut.open((values) => delivered.push([...values]));
  const values = () => delivered.map((batch) => batch.map((v) => [v.kpiId, v.periodKey, v.value]));

  it('holds the newest value of each KPI until opened, then hands them over first', () => {
    bus.publish('kpis.updated', { values: [at('quality', 96, 1), at('output', 500, 1)], modelVersion: 1 });
    bus.publish('kpi.updated', { value: at('quality', 88, 2), modelVersion: 1 });
    // a late October value: older than November's, not the KPI's state
    bus.publish('kpi.updated', { value: at('quality', 70, 3, true), modelVersion: 1 });
    expect(delivered).toEqual([]);

    open();
    bus.publish('kpi.updated', { value: at('quality', 91, 4), modelVersion: 1 });

    expect(values()).toEqual([
      [
        ['quality', '2026-11', 88],
        ['output', '2026-11', 500],
      ],
      [['quality', '2026-11', 91]],
    ]);
  });

  it('holds again once closed, and hands over only what came since', () => {
    open();
    bus.publish('kpi.updated', { value: at('quality', 96, 1), modelVersion: 1 });
    sut.close();
    bus.publish('kpi.updated', { value: at('quality', 88, 2), modelVersion: 1 });
    expect(values()).toEqual([[['quality', '2026-11', 96]]]);

    open();

    expect(values()).toEqual([[['quality', '2026-11', 96]], [['quality', '2026-11', 88]]]);
  });

  it('hands over nothing when nothing arrived, and nothing after it stopped', () => {
    open();
    sut.stop();
    bus.publish('kpi.updated', { value: at('quality', 88, 2), modelVersion: 1 });

    expect(delivered).toEqual([]);
  });
});
