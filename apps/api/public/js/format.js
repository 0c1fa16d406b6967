// Numbers for humans: "12.3 M EUR", "87.4 %", "1,234 units". Fixed 'en' locale so every reader sees the same text.
import { intlTimeZone } from './time-zone.js';

const SCALES = [
  [1e9, 'bn'],
  [1e6, 'M'],
  [1e3, 'k'],
];
const COMPACT_FROM = 1e4;
const DASH = '—';

const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const significant = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

/** 3 significant digits below 1,000; whole numbers with separators above; k/M/bn from 10,000. */
export function formatNumber(value) {
  if (!isNumber(value)) return DASH;
  const abs = Math.abs(value);
  if (abs >= COMPACT_FROM) {
    let i = SCALES.findIndex(([f]) => abs >= f);
    // 999,950 is 999.95 k, which three digits round to 1,000 k: written one unit up, as 1 M
    if (i > 0 && Number((abs / SCALES[i][0]).toPrecision(3)) >= 1000) i -= 1;
    const [factor, suffix] = SCALES[i];
    return `${significant.format(value / factor)} ${suffix}`;
  }
  return abs >= 1000 ? plain.format(value) : significant.format(value);
}

/** A value in a KPI's unit: "%", currency codes and other units are written after the number. */
export function formatValue(value, unit) {
  if (!isNumber(value)) return DASH;
  const number = formatNumber(value);
  if (!unit) return number;
  return `${number} ${unit}`;
}

/** A phased target (a cumulative KPI's by default) is due over its period: its value is read to date. */
export function isPhased(kpi) {
  return kpi.phasing !== undefined && kpi.phasing !== 'none';
}

/** "to date 10.0 M EUR vs 9.7 M EUR planned to date" for phased targets, "87 % vs 85 % target" otherwise. */
export function comparisonText(kpi) {
  if (isPhased(kpi)) return `to date ${formatValue(kpi.value, kpi.unit)} vs ${formatValue(kpi.toDateTarget, kpi.unit)} planned to date`;
  return `${formatValue(kpi.value, kpi.unit)} vs ${formatValue(kpi.target, kpi.unit)} target`;
}

/**
 * A share 0..1 as a percentage, e.g. probability 0.874 -> "87.4 %". Only 0 and 1 read "0 %" and "100 %": 0.9996 is
 * "> 99.9 %", not a certainty (nor a full coverage flagged as incomplete beside it).
 */
export function formatShare(share) {
  if (!isNumber(share)) return DASH;
  const percent = Math.round(share * 1000) / 10;
  if (percent >= 100 && share < 1) return '> 99.9 %';
  if (percent <= 0 && share > 0) return '< 0.1 %';
  return `${significant.format(percent)} %`;
}

/** Scores are 0..10 with one decimal. */
export function formatScore(score) {
  return isNumber(score) ? score.toFixed(1) : DASH;
}

const DURATIONS = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** A lag in ms, e.g. 7_776_000_000 -> "90 d". */
export function formatDuration(ms) {
  if (!isNumber(ms)) return DASH;
  const abs = Math.abs(ms);
  const [factor, unit] = DURATIONS.find(([f]) => abs >= f) ?? [1, 'ms'];
  return `${significant.format(ms / factor)} ${unit}`;
}

const STATUS_LABELS = {
  on_target: 'On target',
  at_risk: 'At risk',
  off_target: 'Off target',
  no_data: 'No data',
  no_target: 'No target',
  stale: 'Stale',
};

export function statusLabel(status) {
  return STATUS_LABELS[status] ?? (status ? String(status).replace(/_/g, ' ') : DASH);
}

// the page's periods are days of the model's time zone: its times are written there too, once the page knows it
let dateTime;
let date;
let zoneName;
let pageZone = 'UTC';

/** Dates and times from now on in the model's zone ("UTC" until the page knows it); throws on one Intl cannot read. */
export function useTimeZone(modelZone) {
  const timeZone = intlTimeZone(modelZone);
  dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
  date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone });
  zoneName = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'short', timeZone });
  pageZone = timeZone;
}

/** The zone the page writes times in, as Intl names it (the charts' axes take it too). */
export function pageTimeZone() {
  return pageZone;
}
useTimeZone('UTC');

/** "31 Dec 2025, 23:59 CET": the abbreviation is the one in force then (CET or CEST). */
export function formatDateTime(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return DASH;
  const zone = zoneName.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value;
  return zone ? `${dateTime.format(d)} ${zone}` : dateTime.format(d);
}

const calendarDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** A day of the model's calendar (YYYY-MM-DD) as it is, in no zone: "2027-01-01" -> "1 Jan 2027". */
export function formatDay(day) {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? DASH : calendarDay.format(t);
}

export function formatDate(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? DASH : date.format(d);
}

/**
 * How old a timestamp is at `now` (ms): "12 s ago" (whole seconds, for reports every few seconds), then as every
 * duration on the page, "3 min ago", "1.5 d ago" (a day and a half is not "2 d").
 */
export function formatAge(iso, now = Date.now()) {
  if (!iso) return DASH;
  const ms = Math.max(0, now - new Date(iso).getTime());
  if (!Number.isFinite(ms)) return DASH;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s ago`;
  return `${formatDuration(ms)} ago`;
}
