export { FiscalCalendar, isValidPeriodKey, MAX_PERIODS_BETWEEN } from './calendar/fiscal-calendar';
export type { FiscalPeriod } from './calendar/fiscal-calendar';
export { parseUtcOffset } from './calendar/utc-offset';
