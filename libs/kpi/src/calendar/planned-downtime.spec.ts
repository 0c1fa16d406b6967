import type { PlannedDowntimeDef, TwinModel } from '@bsc/twin';
import { PlannedDowntime } from './planned-downtime';

type Model = Pick<TwinModel, 'calendar' | 'processes' | 'assets' | 'signals'>;

/** A plant with two lines; line 1 has a filler. Signals measure the filler, line 2 and the plant's meter. */
function model(plannedDowntime: PlannedDowntimeDef[], timezone = 'UTC'): Model {
  const signal = (id: string, measures: string) =>
    ({ id, name: id, measures, unit: '', dataType: 'double', source: { kind: 'manual' } }) as Model['signals'][number];
  return {
    calendar: { fiscalYearStartMonth: 1, timezone, weekStart: 1, plannedDowntime },
    processes: [
      { id: 'plant', name: 'Plant', unit: 'u' },
      { id: 'line1', name: 'Line 1', unit: 'u', parent: 'plant' },
      { id: 'line2', name: 'Line 2', unit: 'u', parent: 'plant' },
    ],
    assets: [
      { id: 'line1.filler', name: 'Filler', process: 'line1' },
      { id: 'plant.meter', name: 'Meter', process: 'plant' },
    ],
    signals: [
      signal('filler.speed', 'line1.filler'),
      signal('line2.speed', 'line2'),
      signal('meter.kwh', 'plant.meter'),
    ],
  };
}

// Wednesday 18 Nov 2026; 1970-01-01 was a Thursday, so 18 Nov 2026 (day 20 775) is ISO weekday (20 775 + 3) % 7 + 1 = 3
const WED = Date.UTC(2026, 10, 18);
const at = (day: number, hh: number, mm: number, ss = 0) => WED + day * 86_400_000 + ((hh * 60 + mm) * 60 + ss) * 1000;

describe(PlannedDowntime.name, () => {
  const cleaning: PlannedDowntimeDef = {
    scope: ['line1'],
    weekdays: [3],
    start: '14:00',
    duration: '2h',
    restart: '5m',
  };

  it('is stopped from the start to the end of a window, then restarting for its restart time', () => {
    const sut = new PlannedDowntime(model([cleaning]));
    expect(sut.stateAt('line1', at(0, 13, 59, 59))).toBeNull();
    expect(sut.stateAt('line1', at(0, 14, 0))).toBe('stopped');
    expect(sut.stateAt('line1', at(0, 15, 59, 59))).toBe('stopped');
    expect(sut.stateAt('line1', at(0, 16, 0))).toBe('restarting');
    expect(sut.stateAt('line1', at(0, 16, 4, 59))).toBe('restarting');
    expect(sut.stateAt('line1', at(0, 16, 5))).toBeNull();
    // only on Wednesdays
    expect(sut.stateAt('line1', at(1, 14, 30))).toBeNull();
    expect(sut.stateAt('line1', at(7, 14, 30))).toBe('stopped');
  });

  it('covers what is inside the named process and the processes containing it, not its siblings', () => {
    const sut = new PlannedDowntime(model([cleaning]));
    const t = at(0, 15, 0);
    expect(sut.signalStateAt('filler.speed', t)).toBe('stopped');
    expect(sut.signalStateAt('meter.kwh', t)).toBe('stopped');
    expect(sut.stateAt('plant', t)).toBe('stopped');
    expect(sut.signalStateAt('line2.speed', t)).toBeNull();
    expect(sut.signalStateAt('unknown', t)).toBeNull();
  });

  it('runs a window past midnight into the next days (a weekend)', () => {
    // Saturday 22:00 + 32 h = Monday 06:00; Saturday is day 3 from Wednesday
    const weekend: PlannedDowntimeDef = { scope: ['plant'], weekdays: [6], start: '22:00', duration: '32h' };
    const sut = new PlannedDowntime(model([weekend]));
    expect(sut.stateAt('line2', at(3, 21, 59))).toBeNull();
    expect(sut.stateAt('line2', at(4, 12, 0))).toBe('stopped');
    expect(sut.stateAt('line1.filler', at(5, 5, 59))).toBe('stopped');
    expect(sut.stateAt('line1.filler', at(5, 6, 0))).toBeNull();
  });

  it('reads the start on the local clock of the calendar zone', () => {
    // 14:00 at +02:00 is 12:00 UTC
    const sut = new PlannedDowntime(model([cleaning], '+02:00'));
    expect(sut.stateAt('line1', at(0, 11, 59))).toBeNull();
    expect(sut.stateAt('line1', at(0, 12, 0))).toBe('stopped');
    expect(sut.stateAt('line1', at(0, 14, 0))).toBe('restarting');
  });

  it('prefers stopped over another window restarting', () => {
    const late: PlannedDowntimeDef = { scope: ['plant'], weekdays: [3], start: '16:02', duration: '1h' };
    const sut = new PlannedDowntime(model([cleaning, late]));
    expect(sut.stateAt('line1', at(0, 16, 1))).toBe('restarting');
    expect(sut.stateAt('line1', at(0, 16, 3))).toBe('stopped');
    expect(new PlannedDowntime(model([])).empty).toBe(true);
  });
});
