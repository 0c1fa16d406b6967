import { type AcceptedCase, itAcceptsEach, itReportsEach, type RefusedCase } from './test-support/validation-cases';
import { validateModel } from './validate-model';

const REFUSED: RefusedCase[] = [
  {
    rule: 'working day number',
    mutate: (b) => b.set('calendar', { workingDays: [1, 8] }),
    path: 'calendar.workingDays[1]',
    message: /must be <= 7/,
  },
  {
    rule: 'holiday date',
    mutate: (b) => b.set('calendar', { holidays: ['2026-02-30'] }),
    path: 'calendar.holidays[0]',
    message: /invalid date '2026-02-30'/,
  },
  {
    rule: 'planned downtime scope',
    mutate: (b) =>
      b.set('calendar', { plannedDowntime: [{ scope: ['plant'], weekdays: [1], start: '05:30', duration: '30m' }] }),
    path: 'calendar.plannedDowntime[0].scope[0]',
    message: "'plant' is a org unit, expected process or asset",
  },
  {
    rule: 'planned downtime start',
    mutate: (b) =>
      b.set('calendar', { plannedDowntime: [{ scope: ['line1'], weekdays: [1], start: '24:00', duration: '30m' }] }),
    path: 'calendar.plannedDowntime[0].start',
    message: /must be local time HH:MM, 00:00–23:59/,
  },
  {
    rule: 'planned downtime duration',
    mutate: (b) =>
      b.set('calendar', { plannedDowntime: [{ scope: ['line1'], weekdays: [1], start: '05:30', duration: '0s' }] }),
    path: 'calendar.plannedDowntime[0].duration',
    message: 'must be longer than 0',
  },
  {
    rule: 'time zone',
    mutate: (b) => b.set('calendar', { timezone: 'Mars/Olympus' }),
    path: 'calendar.timezone',
    message: /unknown time zone/,
  },
];

const ACCEPTED: AcceptedCase[] = [
  ['a fixed-offset time zone', (b) => b.set('calendar', { timezone: '+05:30' })],
  ['an IANA time zone', (b) => b.set('calendar', { timezone: 'Europe/Berlin' })],
];

describe(validateModel.name, () => {
  describe('the calendar', () => {
    itReportsEach(REFUSED);

    itAcceptsEach(ACCEPTED);
  });
});
