import { BscError, BscErrorCode } from '@bsc/common';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const OFFSET_RE = /^(?:UTC|GMT)?([+-])(\d{2}):?(\d{2})$/;
const UTC_NAMES: ReadonlySet<string> = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z']);

/** Local wall-clock time of a calendar zone; all the fiscal calendar needs. */
export interface TimeZone {
  readonly name: string;
  /** Offset of local time from UTC at instant `ts`, in ms. */
  offsetAt(ts: number): number;
  /**
   * The instant at which local wall-clock time `wall` (ms since 1970-01-01T00:00 local) occurs: the first of two
   * where clocks went back, so a period starting then holds the whole repeated stretch.
   */
  instantOf(wall: number): number;
  /**
   * Offset modulo one hour (taken in January): aligns hour buckets with local hours and period edges. Constant for
   * every zone whose clocks move by whole hours; see `hourAlignmentChanges` for the others.
   */
  readonly hourAlignmentMs: number;
  /**
   * Whether local hours start at a different minute of the UTC hour in summer and winter (Australia/Lord_Howe
   * moves its clocks by 30 minutes): hour buckets then follow the local clock instead of one alignment.
   */
  readonly hourAlignmentChanges: boolean;
}

/** Parses "+01:00" / "-0530" / "UTC+02:00" to ms, or null. */
export function parseUtcOffset(text: string): number | null {
  const zone = text.trim();
  if (UTC_NAMES.has(zone)) return 0;
  const match = OFFSET_RE.exec(zone);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 14 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/** UTC, a fixed offset, or an IANA zone (with daylight saving time, via the runtime's ICU data). */
export function createTimeZone(name: string): TimeZone {
  const fixed = parseUtcOffset(name);
  if (fixed !== null) return new FixedOffsetZone(name, fixed);
  try {
    return new IanaZone(name);
  } catch {
    throw new BscError(
      BscErrorCode.ModelInvalid,
      `unsupported timezone '${name}': use UTC, a fixed offset such as +01:00, or an IANA name`,
      'calendar.timezone',
    );
  }
}

class FixedOffsetZone implements TimeZone {
  readonly hourAlignmentMs: number;
  readonly hourAlignmentChanges = false;

  constructor(
    readonly name: string,
    private readonly offsetMs: number,
  ) {
    this.hourAlignmentMs = ((offsetMs % HOUR_MS) + HOUR_MS) % HOUR_MS;
  }

  offsetAt(): number {
    return this.offsetMs;
  }

  instantOf(wall: number): number {
    return wall - this.offsetMs;
  }
}

/**
 * Cached per UTC hour: the offsets at its first and last second, and when they differ the exact second of the
 * transition inside it. Transitions at half past (Adelaide, St John's, Lord Howe) or at odd historical seconds are
 * then exact, at the cost of a short search only in the few hours that contain one.
 */
const MAX_CACHED_HOURS = 100_000;
const SECOND_MS = 1_000;

interface HourOffsets {
  before: number;
  after: number;
  /** First instant with `after`; Infinity when the hour has no transition. */
  switchAt: number;
}

class IanaZone implements TimeZone {
  readonly hourAlignmentMs: number;
  readonly hourAlignmentChanges: boolean;
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, HourOffsets>();

  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const withinHour = (offset: number): number => ((offset % HOUR_MS) + HOUR_MS) % HOUR_MS;
    this.hourAlignmentMs = withinHour(this.offsetAt(Date.UTC(2026, 0, 1)));
    this.hourAlignmentChanges = withinHour(this.offsetAt(Date.UTC(2026, 6, 1))) !== this.hourAlignmentMs;
  }

  offsetAt(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    let found = this.cache.get(hour);
    if (found === undefined) {
      found = this.hourOffsets(hour * HOUR_MS);
      if (this.cache.size >= MAX_CACHED_HOURS) this.cache.clear();
      this.cache.set(hour, found);
    }
    return ts < found.switchAt ? found.before : found.after;
  }

  instantOf(wall: number): number {
    // The offsets a day either side bracket the instant (no offset reaches a day). Where clocks went back, a wall
    // time in the repeated hour holds with both: it first occurs at the larger offset, the earlier instant.
    const early = wall - this.offsetAt(wall - DAY_MS);
    const late = wall - this.offsetAt(wall + DAY_MS);
    const earlyHolds = this.offsetAt(early) === wall - early;
    const lateHolds = this.offsetAt(late) === wall - late;
    if (earlyHolds || lateHolds) return earlyHolds && lateHolds ? Math.min(early, late) : earlyHolds ? early : late;
    // Two fixed-point steps settle on the right side of a transition; a wall time inside a spring-forward gap
    // (it does not exist) resolves to an instant just after the gap.
    const first = wall - this.offsetAt(wall);
    const second = wall - this.offsetAt(first);
    return this.offsetAt(second) === wall - second ? second : Math.max(first, second);
  }

  private hourOffsets(start: number): HourOffsets {
    const before = this.compute(start);
    const after = this.compute(start + HOUR_MS - SECOND_MS);
    if (before === after) return { before, after, switchAt: Number.POSITIVE_INFINITY };
    // Binary search for the first second with the new offset (one transition per hour at most).
    let lo = start;
    let hi = start + HOUR_MS - SECOND_MS;
    while (hi - lo > SECOND_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / SECOND_MS) * SECOND_MS;
      if (this.compute(mid) === before) lo = mid;
      else hi = mid;
    }
    return { before, after, switchAt: hi };
  }

  /** Offset at a whole second `ts` (the formatter has no milliseconds). */
  private compute(ts: number): number {
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const part of this.format.formatToParts(ts)) {
      const v = Number(part.value);
      if (part.type === 'year') y = v;
      else if (part.type === 'month') mo = v;
      else if (part.type === 'day') d = v;
      else if (part.type === 'hour') h = v;
      else if (part.type === 'minute') mi = v;
      else if (part.type === 'second') s = v;
    }
    return Date.UTC(y, mo - 1, d, h, mi, s) - ts;
  }
}
