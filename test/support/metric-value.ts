import type { Registry } from 'prom-client';

/**
 * The sum of a metric's values whose labels include `labels` (0 while the metric is not there): read from an app's
 * registry in the test process, or from the Prometheus text a separate process serves on /metrics.
 */
export function metricValue(registry: Registry, name: string, labels?: Record<string, string>): Promise<number>;
export function metricValue(text: string, name: string, labels?: Record<string, string>): number;
export function metricValue(
  source: Registry | string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> | number {
  const matches = (series: Record<string, string | number | undefined>): boolean =>
    Object.entries(labels).every(([k, want]) => String(series[k]) === want);
  return typeof source === 'string'
    ? textMetricValue(source, name, matches)
    : registryMetricValue(source, name, matches);
}

async function registryMetricValue(
  registry: Registry,
  name: string,
  matches: (series: Record<string, string | number | undefined>) => boolean,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => matches(v.labels)).reduce((sum, v) => sum + v.value, 0);
}

/** The same sum over the lines `name{labels} value` of Prometheus text. */
function textMetricValue(text: string, name: string, matches: (series: Record<string, string>) => boolean): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const series = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (matches(series)) total += Number(match[4]);
  }
  return total;
}
