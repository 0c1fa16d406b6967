import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import type { Principal } from '../auth/principal';
import { assertUnitVisible, visibleUnits } from '../auth/unit-scope';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { decodeCursor, encodeCursor, pageSize } from '../graphql/pagination/paginate';
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

  /** Newest first, keyset-paged on (raisedAt, id) so pages stay stable while alerts arrive. */
  async list(principal: Principal, status: AlertStatus | undefined, page: { first?: number; after?: string }): Promise<ConnectionShape<AlertType>> {
    const size = pageSize(page.first, this.config.GRAPHQL_MAX_PAGE_SIZE);
    const units = visibleUnits(principal, this.twin.current());
    const before = page.after !== undefined ? parseAlertCursor(decodeCursor(page.after)) : undefined;
    const rows = await this.store.list({ status, unitIds: units ? [...units] : null, before, limit: size + 1 });
    const nodes = rows.slice(0, size);
    const edges = nodes.map((a) => ({ cursor: encodeCursor(`${a.raisedAt}:${a.id}`), node: toAlertType(a) }));
    return {
      edges,
      nodes: edges.map((e) => e.node),
      // counting every match would cost a second query per page; -1 says "not counted"
      totalCount: -1,
      pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: before !== undefined, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    };
  }

  async acknowledge(principal: Principal, id: string, at = Date.now()): Promise<AlertType> {
    const alert = await this.visibleAlert(principal, id);
    if (alert.status !== 'open') throw new BscError(BscErrorCode.Conflict, `id: alert '${id}' is ${alert.status}, only open alerts can be acknowledged`, 'id');
    const next: AlertRecord = { ...alert, status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: principal.subject };
    await this.store.save(next);
    return toAlertType(next);
  }

  async resolve(principal: Principal, id: string, at = Date.now()): Promise<AlertType> {
    const alert = await this.visibleAlert(principal, id);
    if (alert.status === 'resolved') throw new BscError(BscErrorCode.Conflict, `id: alert '${id}' is already resolved`, 'id');
    const next: AlertRecord = { ...alert, status: 'resolved', resolvedAt: at };
    await this.store.save(next);
    this.bus.publish('alert.resolved', { alertId: id, unitId: alert.unitId, at });
    return toAlertType(next);
  }

  private async visibleAlert(principal: Principal, id: string): Promise<AlertRecord> {
    const alert = await this.store.get(id);
    if (!alert) throw new BscError(BscErrorCode.NotFound, `id: no alert '${id}'`, 'id');
    assertUnitVisible(principal, this.twin.current(), alert.unitId, 'id');
    return alert;
  }
}

function parseAlertCursor(key: string): { raisedAt: number; id: string } {
  const at = key.indexOf(':');
  const raisedAt = Number(key.slice(0, at));
  if (at < 0 || !Number.isFinite(raisedAt)) throw new BscError(BscErrorCode.BadInput, 'after: not an alert cursor', 'after');
  return { raisedAt, id: key.slice(at + 1) };
}
