import type { ConnectorActivity } from '../connectors/connector-activity';
import type { IngestionMetrics } from '../metrics/ingestion-metrics';
import type { RawSampleInput } from './sample-intake.port';

/** One counter increment per source and call, not per sample (label lookups are the costly part). */
export function countReceived(
  batch: readonly RawSampleInput[],
  now: number,
  metrics: IngestionMetrics,
  activity: ConnectorActivity | undefined,
): void {
  let source = '';
  let n = 0;
  let newest = -Infinity;
  const flush = () => {
    if (n === 0) return;
    metrics.received.inc({ source: sourceLabel(source) }, n);
    activity?.record(source, n, newest, now);
  };
  for (const raw of batch) {
    if (raw.source !== source) {
      flush();
      source = raw.source;
      n = 0;
      newest = -Infinity;
    }
    n += 1;
    if (raw.ts > newest) newest = raw.ts;
  }
  flush();
}

/** Bounded label cardinality: "opcua:plant-north-opc" → "opcua". */
function sourceLabel(source: string): string {
  const colon = source.indexOf(':');
  return colon < 0 ? source : source.slice(0, colon);
}
