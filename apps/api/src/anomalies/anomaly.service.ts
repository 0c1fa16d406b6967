import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import type { Principal } from '../auth/principal';
import { scopedUnits } from '../auth/unit-scope';
import { ANOMALY_STORE, type AnomalyStore } from '../stores/anomaly.store';
import { TwinIndexService } from '../twin/twin-index.service';
import type { AnomaliesArgs } from './dto/anomalies.args';
import type { AnomalyType } from './dto/anomaly.types';
import { toAnomalyType } from './dto/to-anomaly.type.mapper';

/** Stored anomalies, within the units the caller may see (the unit each was found in). */
@Injectable()
export class AnomalyService {
  constructor(
    @Inject(ANOMALY_STORE) private readonly store: AnomalyStore,
    private readonly twin: TwinIndexService,
  ) {}

  async list(principal: Principal, args: AnomaliesArgs): Promise<AnomalyType[]> {
    const from = args.from.getTime();
    const to = args.to.getTime();
    if (!(to > from)) throw new BscError(BscErrorCode.BadInput, 'to: must be later than from', 'to');
    const units = scopedUnits(principal, this.twin.current(), args.unit, 'unit');
    const rows = await this.store.list({
      from,
      to,
      unitIds: units ? [...units] : undefined,
      kpiIds: args.kpiIds,
      signalIds: args.signalIds,
      minScore: args.minScore,
      limit: args.first,
    });
    return rows.map(toAnomalyType);
  }
}
