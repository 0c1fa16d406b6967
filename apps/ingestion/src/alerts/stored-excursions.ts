import type { Logger } from '@nestjs/common';
import type { AnomalyRepository } from '@bsc/persistence';
import type { AnomalyMonitors } from './anomaly-monitors';

/**
 * How far each excursion outside the band had gone lived in the memory of the runtime before this one: without it,
 * the first value of an excursion that runtime told (a restart, or a takeover) would be told again as its start.
 * For each of `kpiIds` whose latest value read back lies outside its band, the newest `kpi_interval` anomaly stored
 * in its period (one indexed read per such KPI) is how far the excursion went: every one told went further than the
 * one before. An excursion that ended and began again unjudged (values that no runtime judged, as while none ran) is
 * taken for the same one. A failed read is logged and tells the next value outside the band, as before.
 */
export async function resumeStoredExcursions(
  monitors: AnomalyMonitors,
  anomalies: Pick<AnomalyRepository, 'list'> | null,
  kpiIds: readonly string[],
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  const outside = monitors.outsideAtStart(kpiIds);
  if (!anomalies || outside.length === 0) return;
  try {
    const told = await Promise.all(
      outside.map(({ kpiId, periodStart, asOf }) =>
        anomalies.list({ from: periodStart, to: asOf + 1, kpiIds: [kpiId], kinds: ['kpi_interval'], limit: 1 }),
      ),
    );
    monitors.resumeExcursions(told.flat());
  } catch (error) {
    logger.warn({ err: error }, 'stored anomalies not read: excursions outside the band are told again');
  }
}
