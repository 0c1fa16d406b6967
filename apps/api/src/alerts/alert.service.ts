import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { displayName, type Principal } from '../auth/principal';
import { canSeeUnit, scopedUnits } from '../auth/unit-scope';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { connectionOf, decodeCursor, pageSize } from '../graphql/pagination/paginate';
import { ALERT_STORE, type AlertRecord, type AlertStatus, type AlertStore } from '../stores/alert.store';
import { TwinIndexService } from '../twin/twin-index.service';
import { toAlertType, type AlertType } from './dto/alert.types';

@Injectable()
export class AlertService {
  constructor(
    @Inject(ALERT_STORE) private readonly store: AlertStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly twin: TwinIndexService,
  ) {}

  /** Newest first; the cursor is the offset of the next page (alerts arriving meanwhile shift pages by design). */
  async list(
    principal: Principal,
    filter: { status?: AlertStatus; unit?: string },
    page: { first?: number; after?: string },
  ): Promise<ConnectionShape<AlertType>> {
    const size = pageSize(page.first, this.config.GRAPHQL_MAX_PAGE_SIZE);
    // the unit's subtree (the dashboard's selected unit) within what the principal may see
    const units = scopedUnits(principal, this.twin.current(), filter.unit, 'unit');
    const offset = page.after != null ? parseOffset(decodeCursor(page.after)) : 0;
    const query = { statuses: filter.status ? [filter.status] : undefined, unitIds: units ? [...units] : undefined };
    const [rows, totalCount] = await Promise.all([
      this.store.list({ ...query, limit: size + 1, offset }),
      this.store.count(query),
    ]);
    return connectionOf(
      rows,
      size,
      { totalCount, hasPreviousPage: offset > 0 },
      (_, i) => String(offset + i + 1),
      toAlertType,
    );
  }

  async acknowledge(principal: Principal, id: string, at = Date.now()): Promise<AlertType> {
    await this.visibleAlert(principal, id);
    return toAlertType(await this.store.acknowledge(id, displayName(principal), at));
  }

  async resolve(principal: Principal, id: string, at = Date.now()): Promise<AlertType> {
    const before = await this.visibleAlert(principal, id);
    const after = await this.store.resolve(id, at, displayName(principal));
    if (before.status !== 'resolved') this.bus.publish('alert.resolved', { alertId: id, unitId: after.unitId, at });
    return toAlertType(after);
  }

  private async visibleAlert(principal: Principal, id: string): Promise<AlertRecord> {
    const alert = await this.store.get(id);
    // an alert of another unit answers like a missing one: a scoped caller learns nothing about other units
    if (!alert || !canSeeUnit(principal, this.twin.current(), alert.unitId))
      throw new BscError(BscErrorCode.NotFound, `id: no alert '${id}'`, 'id');
    return alert;
  }
}

function parseOffset(key: string): number {
  const offset = Number(key);
  if (!Number.isInteger(offset) || offset < 0)
    throw new BscError(BscErrorCode.BadInput, 'after: not an alert cursor', 'after');
  return offset;
}
