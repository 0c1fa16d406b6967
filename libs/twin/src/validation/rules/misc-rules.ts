import { isValidDate } from '../../model/period-key';
import { issuePath } from '../issue-path';
import { checkDuration } from './kpi-rules';
import type { RuleContext } from './rule-context';

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIXED_OFFSET_RE = /^(?:UTC)?[+-](?:0\d|1[0-4]):[0-5]\d$/;

/** Calendar zone, signal ranges, holds and kinds, initiative dates: plain value checks the schema cannot express. */
export function valueRule(ctx: RuleContext): void {
  const { calendar } = ctx.model;
  if (typeof calendar.timezone === 'string' && !isKnownTimezone(calendar.timezone)) {
    ctx.issues.add(
      'calendar.timezone',
      `unknown time zone '${calendar.timezone}' (use UTC, a fixed offset like +01:00, or an IANA name)`,
    );
  }
  calendar.holidays?.forEach((day, i) => checkDate(ctx, issuePath('calendar', 'holidays', i), day));
  calendar.plannedDowntime?.forEach((w, i) => {
    checkDuration(ctx, issuePath('calendar', 'plannedDowntime', i, 'duration'), w.duration, false);
    checkDuration(ctx, issuePath('calendar', 'plannedDowntime', i, 'restart'), w.restart, true);
  });
  ctx.model.signals.forEach((signal, i) => {
    const { range } = signal;
    if (range && typeof range.min === 'number' && typeof range.max === 'number' && range.min > range.max) {
      ctx.issues.add(issuePath('signals', i, 'range'), `min (${range.min}) must not exceed max (${range.max})`);
    }
    checkDuration(ctx, issuePath('signals', i, 'maxHold'), signal.maxHold, false);
    // Totals and quantities add up: only numbers can (a bool or a text has no increase).
    if (
      (signal.kind === 'counter' || signal.kind === 'amount') &&
      (signal.dataType === 'bool' || signal.dataType === 'string')
    ) {
      ctx.issues.add(
        issuePath('signals', i, 'kind'),
        `a ${signal.kind} must be numeric (dataType int or double, not ${signal.dataType})`,
      );
    }
  });
  ctx.model.initiatives.forEach((initiative, i) => {
    const start = checkDate(ctx, issuePath('initiatives', i, 'start'), initiative.start);
    const end = checkDate(ctx, issuePath('initiatives', i, 'end'), initiative.end);
    if (start !== null && end !== null && start > end)
      ctx.issues.add(issuePath('initiatives', i, 'end'), 'end is before start');
    initiative.milestones.forEach((m, j) => checkDate(ctx, issuePath('initiatives', i, 'milestones', j, 'due'), m.due));
  });
}

function checkDate(ctx: RuleContext, path: string, text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const match = ISO_DATE_RE.exec(text);
  if (match && isValidDate(Number(match[1]), Number(match[2]), Number(match[3]))) return text;
  ctx.issues.add(path, `invalid date '${text}' (expected YYYY-MM-DD)`);
  return null;
}

function isKnownTimezone(zone: string): boolean {
  if (zone === 'UTC' || FIXED_OFFSET_RE.test(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
