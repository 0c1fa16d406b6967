import { TwinModelBuilder } from '../testing/twin-model.builder';
import { validateModel } from './validate-model';

const PATH = 'calendar.plannedDowntime[0].start';
const EXPECTED = 'must be local time HH:MM, 00:00–23:59 (two digits each, e.g. 07:05)';

/** A start is two-digit hours 00-23, ':', two-digit minutes 00-59 on the calendar's local clock. */
const CASES: Array<{ start: string; valid: boolean }> = [
  { start: '00:00', valid: true },
  { start: '07:05', valid: true },
  { start: '23:59', valid: true },
  { start: '25:00', valid: false }, // no hour 25
  { start: '24:00', valid: false }, // midnight is 00:00 of the next day
  { start: '12:60', valid: false },
  { start: '7:5', valid: false }, // one digit each
  { start: '07:5', valid: false },
  { start: '0705', valid: false },
  { start: '07:05:00', valid: false }, // no seconds
  { start: '', valid: false },
];

describe('planned downtime start', () => {
  it.each(CASES)("'$start' valid: $valid", ({ start, valid }) => {
    const raw = TwinModelBuilder.minimal()
      .set('calendar', { plannedDowntime: [{ scope: ['line1'], weekdays: [1], start, duration: '30m' }] })
      .toDocument();

    const issues = validateModel(raw).issues.map((i) => `${i.path}: ${i.message}`);

    expect(issues).toEqual(valid ? [] : [`${PATH}: ${EXPECTED}`]);
  });
});
