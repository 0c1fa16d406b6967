import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { KpiValue } from '@bsc/common';
import type { TargetOverrides } from '@bsc/scorecard';
import { perRequest, type ApiContext } from '../graphql/api-context';
import { KPI_VALUE_STORE, type KpiValueRevision, type KpiValueStore } from '../stores/kpi-value.store';
import { TARGET_OVERRIDE_STORE, type TargetOverrideStore } from '../stores/target-override.store';
import { toTargetOverrides } from './target-overrides';

/**
 * Batched reads for one request: all (kpi, period) values asked for in the same tick are fetched with ONE
 * store query, whatever the number of KPIs (no N+1); target overrides are read once per request.
 */
@Injectable()
export class KpiValuesLoader {
  constructor(
    @Inject(KPI_VALUE_STORE) private readonly store: KpiValueStore,
    @Inject(TARGET_OVERRIDE_STORE) private readonly targets: TargetOverrideStore,
  ) {}

  /** Values of the given (kpi, period) pairs as known at `knownAt` (undefined = everything known now). */
  async values(
    ctx: ApiContext,
    pairs: ReadonlyArray<{ kpiId: string; periodKey: string }>,
    knownAt?: number,
  ): Promise<Map<string, KpiValue>> {
    const memoKey = `kpiValues:${knownAt ?? 'now'}:${pairs.map((p) => `${p.kpiId}@${p.periodKey}`).join(',')}`;
    return perRequest(ctx, memoKey, async () => {
      const ids = [...new Set(pairs.map((p) => p.kpiId))];
      const keys = [...new Set(pairs.map((p) => p.periodKey))];
      const wanted = new Map(pairs.map((p) => [p.kpiId, p.periodKey]));
      const rows = ids.length === 0 ? [] : await this.store.asOf(ids, keys, knownAt);
      const byKpi = new Map<string, KpiValue>();
      for (const row of rows) if (wanted.get(row.kpiId) === row.periodKey) byKpi.set(row.kpiId, row);
      return byKpi;
    });
  }

  /**
   * One KPI's stored values in [from, to): the KPIs of a request asking the same window are read together (one
   * query for the whole dashboard instead of one per KPI).
   */
  history(ctx: ApiContext, kpiId: string, from: number, to: number, knownAt?: number): Promise<KpiValueRevision[]> {
    const loader = perRequest(
      ctx,
      `kpiHistory:${from}:${to}:${knownAt ?? 'now'}`,
      () =>
        new DataLoader<string, KpiValueRevision[]>(async (ids) => {
          const found = await this.store.historyOfMany(ids, from, to, knownAt);
          return ids.map((id) => found.get(id) ?? []);
        }),
    );
    return loader.load(kpiId);
  }

  /** Every revision of one (kpi, period), batched over the request like `history`. */
  revisions(ctx: ApiContext, kpiId: string, periodKey: string): Promise<KpiValueRevision[]> {
    const loader = perRequest(
      ctx,
      'kpiRevisions',
      () =>
        new DataLoader<{ kpiId: string; periodKey: string }, KpiValueRevision[], string>(
          async (pairs) => {
            const found = await this.store.revisionsOfMany(pairs);
            return pairs.map((p) => found.get(revisionKey(p)) ?? []);
          },
          { cacheKeyFn: revisionKey },
        ),
    );
    return loader.load({ kpiId, periodKey });
  }

  /** Target overrides in force at `knownAt` (default: now): one replaced or removed since still counts then. */
  targetOverrides(ctx: ApiContext, knownAt?: number): Promise<TargetOverrides> {
    return perRequest(ctx, `targetOverrides:${knownAt ?? 'now'}`, async () =>
      toTargetOverrides(await (knownAt === undefined ? this.targets.list() : this.targets.inForceAt(knownAt))),
    );
  }
}

function revisionKey(pair: { kpiId: string; periodKey: string }): string {
  return `${pair.kpiId}\u0000${pair.periodKey}`;
}
