import type { DataSource } from 'typeorm';
import { SignalSampleEntity } from '../entities/signal-sample.entity';

/** Rows per page of the walk: one page nearly always holds an accepted signal's sample. */
const EDGE_PAGE_ROWS = 200;

/**
 * The time of the newest (or oldest) stored sample whose signal `accepts` takes, newer (older) than `bound`: the
 * (ts, signal) index walked from that end, page by page. Its cost is the samples of other signals passed on the way,
 * never the number of signals accepted (an IN list of them would grow with the model). `reached`: the time of the
 * first row walked (the newest, or oldest, beyond `bound` of any signal), null when there is none.
 */
export async function edgeSampleTs(
  dataSource: DataSource,
  accepts: (signalId: string) => boolean,
  end: 'newest' | 'oldest',
  bound?: number,
): Promise<{ ts: number | null; reached: number | null }> {
  const newest = end === 'newest';
  const order = newest ? 'DESC' : 'ASC';
  const beyond = newest ? '>' : '<';
  const before = newest ? '<' : '>';
  let cursor: { ts: number; signalId: string } | undefined;
  let reached: number | null = null;
  for (;;) {
    const qb = dataSource
      .getRepository(SignalSampleEntity)
      .createQueryBuilder('s')
      .select('s.ts', 'ts')
      .addSelect('s.signalId', 'signalId');
    if (bound !== undefined && Number.isFinite(bound)) qb.andWhere(`s.ts ${beyond} :bound`, { bound });
    // a row-value comparison is one range of the (ts, signal_id) index
    if (cursor) qb.andWhere(`(s.ts, s.signalId) ${before} (:ts, :id)`, { ts: cursor.ts, id: cursor.signalId });
    const rows = await qb
      .orderBy('s.ts', order)
      .addOrderBy('s.signalId', order)
      .limit(EDGE_PAGE_ROWS)
      .getRawMany<{ ts: string | number; signalId: string }>();
    if (reached === null && rows.length > 0) reached = Number(rows[0].ts);
    for (const row of rows) if (accepts(row.signalId)) return { ts: Number(row.ts), reached };
    if (rows.length < EDGE_PAGE_ROWS) return { ts: null, reached };
    const last = rows[rows.length - 1];
    cursor = { ts: Number(last.ts), signalId: last.signalId };
  }
}
