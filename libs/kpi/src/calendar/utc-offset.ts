import { BscError, BscErrorCode } from '@bsc/common';

const OFFSET_RE = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})$/;
const UTC_NAMES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z', 'UTC+00:00', '+00:00', '-00:00']);

/**
 * Offset of the calendar's zone from UTC in ms. Only UTC and fixed offsets ("+01:00", "-05:30", "UTC+02:00")
 * are supported: DST zones would make day lengths vary, and the model contract only guarantees fixed offsets.
 */
export function parseUtcOffset(timezone: string): number {
  const zone = timezone.trim();
  if (UTC_NAMES.has(zone)) return 0;
  const match = OFFSET_RE.exec(zone);
  if (match) {
    const hours = Number(match[2]);
    const minutes = Number(match[3]);
    if (hours <= 14 && minutes < 60) return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  throw new BscError(
    BscErrorCode.ModelInvalid,
    `unsupported timezone '${timezone}': use UTC or a fixed offset such as +01:00`,
    'calendar.timezone',
  );
}
