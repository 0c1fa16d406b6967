// Days of the model's calendar: a period, a what-if's "from" and "until" begin at midnight in the model's time zone,
// which is neither UTC nor the browser's.
const DAY = 86_400_000;
const formatters = new Map();
// the model's calendar takes UTC, fixed offsets ("+01:00", "UTC-05:30") and IANA names, as libs/kpi reads them
const OFFSET = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})$/;
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z']);

/** A fixed offset in ms ("UTC-05:30" -> -19,800,000), or null for an IANA name. */
function fixedOffset(timeZone) {
  if (UTC_NAMES.has(timeZone)) return 0;
  const match = OFFSET.exec(timeZone);
  if (!match) return null;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000;
}

/** The model's zone as Intl reads it: offsets only as "-05:30" (not "UTC-05:30"), IANA names as they are. */
export function intlTimeZone(timeZone) {
  const match = OFFSET.exec(timeZone);
  if (match) return `${match[1]}${match[2]}:${match[3]}`;
  return UTC_NAMES.has(timeZone) ? 'UTC' : timeZone;
}

function wallClock(timeZone) {
  if (!formatters.has(timeZone)) {
    const options = {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    };
    formatters.set(timeZone, new Intl.DateTimeFormat('en-US', options));
  }
  return formatters.get(timeZone);
}

/** How far the zone's wall clock is ahead of UTC at an instant (ms), e.g. Europe/Berlin in winter: 3,600,000. */
function offsetAt(instant, timeZone) {
  const fixed = fixedOffset(timeZone);
  if (fixed !== null) return fixed;
  const p = Object.fromEntries(
    wallClock(timeZone)
      .formatToParts(instant)
      .map(({ type, value }) => [type, Number(value)]),
  );
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant a day (YYYY-MM-DD) begins in the model's time zone: 2027-01-01 in Europe/Berlin -> 2026-12-31T23:00Z. */
export function startOfDay(day, timeZone = 'UTC') {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  // the offset at the first guess may be the other side of a clock change: taken again where that guess lands
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/** The last millisecond of a day (YYYY-MM-DD) in the model's time zone: the instant the next day begins, less 1 ms. */
export function endOfDay(day, timeZone = 'UTC') {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  return startOfDay(next, timeZone) - 1;
}

/** The day (YYYY-MM-DD) an instant falls on in the model's time zone. */
export function dayOf(instant, timeZone = 'UTC') {
  return new Date(instant + offsetAt(instant, timeZone)).toISOString().slice(0, 10);
}

/** The next Monday after the day `now` falls on, in the time zone (YYYY-MM-DD). */
export function nextMonday(now, timeZone = 'UTC') {
  const today = Date.parse(`${dayOf(now, timeZone)}T00:00:00Z`);
  const days = (8 - new Date(today).getUTCDay()) % 7 || 7;
  return new Date(today + days * DAY).toISOString().slice(0, 10);
}
