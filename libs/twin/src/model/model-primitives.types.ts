// Scalars every part of the twin model uses.

export type Id = string;

/** ISO-8601-like duration shorthand used across the model: "500ms", "30s", "15m", "1h", "1d", "1w". */
export type DurationText = string;

export const REPORTING_PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type ReportingPeriod = (typeof REPORTING_PERIODS)[number];
