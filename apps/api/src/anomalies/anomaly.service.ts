import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import type { Principal } from '../auth/principal';
import { scopedUnits } from '../auth/unit-scope';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import type { PageArgs } from '../graphql/pagination/page.args';
import { connectionOf, pageSize } from '../graphql/pagination/paginate';
import { ANOMALY_STORE, type AnomalyQuery, type AnomalyRecord, type AnomalyStore } from '../stores/anomaly.store';
import { TwinIndexService } from '../twin/twin-index.service';
import { anomalyCursorKey, decodeAnomalyCursor } from './anomaly-cursor';
import type { AnomaliesArgs, AnomalyRangeArgs } from './dto/anomalies.args';
import type { AnomalyType } from './dto/anomaly.types';
import { toAnomalyType } from './dto/to-anomaly.type.mapper';

/** Stored anomalies, within the units the caller may see (the unit each was found in). */
@Injectable()
export class AnomalyService {
  constructor(
    @Inject(ANOMALY_STORE) private readonly store: AnomalyStore,
    private readonly twin: TwinIndexService,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'GRAPHQL_MAX_PAGE_SIZE'>,
  ) {}

  async list(principal: Principal, args: AnomaliesArgs): Promise<AnomalyType[]> {
    const rows = await this.store.list({ ...this.query(principal, args), limit: args.first });
    return rows.map(toAnomalyType);
  }

  /**
   * Newest first, keyset-paged on the anomaly's key (time, KPI, kind, signal): stable while new ones arrive, and
   * a tie on time never splits or repeats across pages.
   */
  async page(principal: Principal, args: AnomalyRangeArgs, page: PageArgs): Promise<ConnectionShape<AnomalyType>> {
    const size = pageSize(page.first, this.config.GRAPHQL_MAX_PAGE_SIZE);
    const after = page.after != null ? decodeAnomalyCursor(page.after) : undefined;
    const query = this.query(principal, args);
    const [rows, totalCount] = await Promise.all([
      this.store.list({ ...query, after, limit: size + 1 }),
      this.store.count(query),
    ]);
    return connectionOf(
      rows,
      size,
      { totalCount, hasPreviousPage: after !== undefined },
      (a: AnomalyRecord) => anomalyCursorKey(a),
      toAnomalyType,
    );
  }

  private query(principal: Principal, args: AnomalyRangeArgs): AnomalyQuery {
    const from = args.from.getTime();
    const to = args.to.getTime();
    if (!(to > from)) throw new BscError(BscErrorCode.BadInput, 'to: must be later than from', 'to');
    const units = scopedUnits(principal, this.twin.current(), args.unit, 'unit');
    return {
      from,
      to,
      unitIds: units ? [...units] : undefined,
      kpiIds: args.kpiIds,
      signalIds: args.signalIds,
      minScore: args.minScore,
    };
  }
}
