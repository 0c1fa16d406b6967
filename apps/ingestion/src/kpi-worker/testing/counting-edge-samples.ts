/** A stored sample as the event-time reads see it. */
export interface EdgeRow {
  signalId: string;
  ts: number;
  receivedAt: number;
}

/**
 * The stored samples the log's event time reads, in memory, counting the rows each read passes as the database
 * would: the (ts, signal) walk every row from its end to the first accepted one, a receipt-time range every row
 * received in it.
 */
export class CountingEdgeSamples {
  /** Rows passed so far; specs reset it before the step they measure. */
  walked = 0;
  private readonly rows: EdgeRow[] = [];

  store(...rows: EdgeRow[]): void {
    this.rows.push(...rows);
  }

  edgeTsOf(accepts: (signalId: string) => boolean, end: 'newest' | 'oldest', bound?: number): Promise<number | null> {
    return Promise.resolve(this.walk(accepts, end, bound).ts);
  }

  walkNewest(
    accepts: (signalId: string) => boolean,
    above: number,
  ): Promise<{ ts: number | null; reached: number | null }> {
    return Promise.resolve(this.walk(accepts, 'newest', above));
  }

  receivedInBand(receivedAfter: number, above: number, upTo: number): Promise<Array<{ signalId: string; ts: number }>> {
    const range = this.rows.filter((r) => r.receivedAt > receivedAfter);
    this.walked += range.length;
    return Promise.resolve(range.filter((r) => r.ts > above && r.ts <= upTo));
  }

  private walk(
    accepts: (signalId: string) => boolean,
    end: 'newest' | 'oldest',
    bound = end === 'newest' ? -Infinity : Infinity,
  ): { ts: number | null; reached: number | null } {
    const sign = end === 'newest' ? -1 : 1;
    const order = this.rows
      .filter((r) => (end === 'newest' ? r.ts > bound : r.ts < bound))
      .sort((x, y) => sign * (x.ts - y.ts) || sign * x.signalId.localeCompare(y.signalId));
    for (const row of order) {
      this.walked++;
      if (accepts(row.signalId)) return { ts: row.ts, reached: order[0].ts };
    }
    return { ts: null, reached: order.length > 0 ? order[0].ts : null };
  }
}
