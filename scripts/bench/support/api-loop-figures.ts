/**
 * What an app's event loop went through between two scrapes of its /metrics (prom-client's default metrics):
 * the event-loop delay (monitorEventLoopDelay, which prom-client resets at every scrape, so the second scrape
 * covers just the window), GC pauses by kind and the GraphQL response cache's outcomes.
 */
export interface LoopFigures {
  /** Longest and 99th-percentile event-loop delay in the window (ms). */
  lagMaxMs: number | null;
  lagP99Ms: number | null;
  /** GC pause time and count in the window, all kinds, and of major (mark-sweep) collections. */
  gcMs: number;
  gcCount: number;
  majorGcMs: number;
  /** Response-cache lookups in the window by outcome (hit, stale, coalesced, miss, bypass). */
  cache: Record<string, number>;
}

export async function scrapeMetrics(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/** The value of a sample line `name{labels} value` (labels as written, '' for none); 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const prefix = labels ? `${name}{${labels}} ` : `${name} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.slice(prefix.length)) : 0;
}

/** Sum over every label set of a metric. */
function sum(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  return total;
}

const ms = (seconds: number): number => Math.round(seconds * 1000 * 10) / 10;

export function loopFigures(before: string, after: string, prefix = 'bsc_'): LoopFigures {
  const gc = `${prefix}nodejs_gc_duration_seconds`;
  const lagMax = sample(after, `${prefix}nodejs_eventloop_lag_max_seconds`);
  const lagP99 = sample(after, `${prefix}nodejs_eventloop_lag_p99_seconds`);
  const outcomes = ['hit', 'stale', 'coalesced', 'miss', 'bypass'];
  const cacheName = `${prefix}graphql_response_cache_requests_total`;
  return {
    lagMaxMs: lagMax ? ms(lagMax) : null,
    lagP99Ms: lagP99 ? ms(lagP99) : null,
    gcMs: ms(sum(after, `${gc}_sum`) - sum(before, `${gc}_sum`)),
    gcCount: sum(after, `${gc}_count`) - sum(before, `${gc}_count`),
    majorGcMs: ms(sample(after, `${gc}_sum`, 'kind="major"') - sample(before, `${gc}_sum`, 'kind="major"')),
    cache: Object.fromEntries(
      outcomes.map((o) => [
        o,
        sample(after, cacheName, `outcome="${o}"`) - sample(before, cacheName, `outcome="${o}"`),
      ]),
    ),
  };
}
