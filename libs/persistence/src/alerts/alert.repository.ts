import { randomUUID } from 'node:crypto';
import { BscError, BscErrorCode } from '@bsc/common';
import { DataSource, EntityManager, FindOptionsWhere, In, Not, QueryFailedError } from 'typeorm';
import { AlertEventEntity } from '../entities/alert-event.entity';
import { AlertEntity } from '../entities/alert.entity';
import { toAlertEventRecord, toAlertRecord } from './alert.mapper';
import type { AlertEventRecord, AlertQuery, AlertRecord, NewAlert, RaiseAlertResult } from './alert.types';

export const DEFAULT_ALERT_LIMIT = 50;
export const MAX_ALERT_LIMIT = 500;
/** Keys per statement of lastResolvedAt (an IN list, well under SQLite's bound parameters). */
const RESOLVED_KEYS_PER_STATEMENT = 500;

/** Alerts and their history. Every state change is recorded as an alert_event in the same transaction. */
export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Raises an alert unless one with the same dedup key is still unresolved; that one is returned then. */
  async raise(input: NewAlert): Promise<RaiseAlertResult> {
    const existing = await this.findUnresolvedByDedupKey(input.dedupKey);
    if (existing) return { alert: existing, created: false };
    const raisedAt = input.raisedAt ?? Date.now();
    try {
      const alert = await this.dataSource.transaction(async (manager) => {
        const row = manager.getRepository(AlertEntity).create({
          id: randomUUID(),
          rule: input.rule,
          kpiId: input.kpiId ?? null,
          unitId: input.unitId,
          severity: input.severity,
          status: 'open',
          message: input.message,
          raisedAt,
          acknowledgedAt: null,
          acknowledgedBy: null,
          resolvedAt: null,
          escalationLevel: 0,
          lastNotifiedAt: null,
          dedupKey: input.dedupKey,
        });
        await manager.getRepository(AlertEntity).insert(row);
        await addEvent(manager, row.id, raisedAt, 'raised', null, input.message);
        return row;
      });
      return { alert: toAlertRecord(alert), created: true };
    } catch (error) {
      // Another raiser won the race on the partial unique index: theirs is the alert.
      const winner = error instanceof QueryFailedError ? await this.findUnresolvedByDedupKey(input.dedupKey) : null;
      if (winner) return { alert: winner, created: false };
      throw error;
    }
  }

  async get(id: string): Promise<AlertRecord | null> {
    const row = await this.dataSource.getRepository(AlertEntity).findOneBy({ id });
    return row ? toAlertRecord(row) : null;
  }

  /** Per dedup key given, when its latest resolved alert was resolved (keys never resolved are absent). */
  async lastResolvedAt(dedupKeys: readonly string[]): Promise<Map<string, number>> {
    const last = new Map<string, number>();
    for (let i = 0; i < dedupKeys.length; i += RESOLVED_KEYS_PER_STATEMENT) {
      const rows = await this.dataSource
        .getRepository(AlertEntity)
        .createQueryBuilder('a')
        .select('a.dedupKey', 'dedupKey')
        .addSelect('MAX(a.resolvedAt)', 'resolvedAt')
        .where({ dedupKey: In(dedupKeys.slice(i, i + RESOLVED_KEYS_PER_STATEMENT)), status: 'resolved' })
        .groupBy('a.dedupKey')
        .getRawMany<{ dedupKey: string; resolvedAt: number | string | null }>();
      // PostgreSQL returns a bigint as text
      for (const row of rows) if (row.resolvedAt !== null) last.set(row.dedupKey, Number(row.resolvedAt));
    }
    return last;
  }

  /**
   * Per dedup key whose latest alert was resolved by hand (its resolution names who did it; one whose condition
   * cleared, or whose rule left the model, names nobody): that alert, with who resolved it. Its condition may still
   * hold, and the evaluation waits for it to clear before raising it again.
   */
  async latestResolvedByHand(): Promise<Array<AlertRecord & { resolvedBy: string }>> {
    const rows = await this.dataSource
      .getRepository(AlertEntity)
      .createQueryBuilder('a')
      .innerJoin(AlertEventEntity, 'e', "e.alertId = a.id AND e.type = 'resolved' AND e.actor IS NOT NULL")
      .addSelect('e.actor', 'resolved_by')
      .where({ status: 'resolved' })
      .andWhere((qb) => {
        const newer = qb
          .subQuery()
          .select('1')
          .from(AlertEntity, 'b')
          .where('b.dedupKey = a.dedupKey AND b.raisedAt > a.raisedAt')
          .getQuery();
        return `NOT EXISTS ${newer}`;
      })
      .getRawAndEntities<{ resolved_by: string }>();
    return rows.entities.map((e, i) => ({ ...toAlertRecord(e), resolvedBy: rows.raw[i].resolved_by }));
  }

  async findUnresolvedByDedupKey(dedupKey: string): Promise<AlertRecord | null> {
    const row = await this.dataSource.getRepository(AlertEntity).findOneBy({ dedupKey, status: Not('resolved') });
    return row ? toAlertRecord(row) : null;
  }

  /** Newest first. */
  async list(query: AlertQuery = {}): Promise<AlertRecord[]> {
    const rows = await this.dataSource.getRepository(AlertEntity).find({
      where: alertFilter(query),
      order: { raisedAt: 'DESC', id: 'ASC' },
      take: Math.min(Math.max(query.limit ?? DEFAULT_ALERT_LIMIT, 1), MAX_ALERT_LIMIT),
      skip: query.offset ?? 0,
    });
    return rows.map(toAlertRecord);
  }

  /** How many alerts match the filter (limit and offset ignored). */
  async count(query: Omit<AlertQuery, 'limit' | 'offset'> = {}): Promise<number> {
    return this.dataSource.getRepository(AlertEntity).countBy(alertFilter(query));
  }

  /** Idempotent: acknowledging an acknowledged alert changes nothing. Resolved alerts cannot be acknowledged. */
  async acknowledge(id: string, actor: string, at: number = Date.now()): Promise<AlertRecord> {
    return this.change(id, async (manager, alert) => {
      if (alert.status === 'resolved')
        throw new BscError(BscErrorCode.Conflict, `alert ${id} is already resolved`, 'id');
      if (alert.status === 'acknowledged') return alert;
      Object.assign(alert, { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: actor });
      await addEvent(manager, id, at, 'acknowledged', actor, null);
      return alert;
    });
  }

  /** Idempotent; frees the dedup key so the same problem can raise a new alert later. */
  async resolve(
    id: string,
    at: number = Date.now(),
    actor: string | null = null,
    detail: string | null = null,
  ): Promise<AlertRecord> {
    return this.change(id, async (manager, alert) => {
      if (alert.status === 'resolved') return alert;
      Object.assign(alert, { status: 'resolved', resolvedAt: at });
      await addEvent(manager, id, at, 'resolved', actor, detail);
      return alert;
    });
  }

  /** Records a notification, raising the escalation level when given a higher one. */
  async markNotified(
    id: string,
    at: number,
    escalationLevel?: number,
    detail: string | null = null,
  ): Promise<AlertRecord> {
    return this.change(id, async (manager, alert) => {
      const escalated = escalationLevel !== undefined && escalationLevel > alert.escalationLevel;
      Object.assign(alert, {
        lastNotifiedAt: at,
        escalationLevel: escalated ? escalationLevel : alert.escalationLevel,
      });
      await addEvent(manager, id, at, escalated ? 'escalated' : 'notified', null, detail);
      return alert;
    });
  }

  /** An open alert whose condition got worse or better (at risk -> off target): new severity and message, kept in history. */
  async updateSeverity(
    id: string,
    severity: string,
    message: string,
    at: number,
    detail: string | null = null,
  ): Promise<AlertRecord> {
    return this.change(id, async (manager, alert) => {
      const previous = alert.severity;
      Object.assign(alert, { severity, message });
      await addEvent(manager, id, at, 'severity_changed', null, detail ?? `${previous} -> ${severity}`);
      return alert;
    });
  }

  /** Adds a free event to the history (e.g. a comment). */
  async addEvent(
    alertId: string,
    at: number,
    type: string,
    actor: string | null,
    detail: string | null,
  ): Promise<void> {
    await this.change(alertId, async (manager, alert) => {
      await addEvent(manager, alertId, at, type, actor, detail);
      return alert;
    });
  }

  async events(alertId: string): Promise<AlertEventRecord[]> {
    const rows = await this.dataSource
      .getRepository(AlertEventEntity)
      .find({ where: { alertId }, order: { at: 'ASC', id: 'ASC' } });
    return rows.map(toAlertEventRecord);
  }

  private async change(
    id: string,
    apply: (manager: EntityManager, alert: AlertEntity) => Promise<AlertEntity>,
  ): Promise<AlertRecord> {
    return this.dataSource.transaction(async (manager) => {
      const alerts = manager.getRepository(AlertEntity);
      const alert = await alerts.findOneBy({ id });
      if (!alert) throw new BscError(BscErrorCode.NotFound, `alert ${id} does not exist`, 'id');
      const changed = await apply(manager, alert);
      await alerts.save(changed);
      return toAlertRecord(changed);
    });
  }
}

async function addEvent(
  manager: EntityManager,
  alertId: string,
  at: number,
  type: string,
  actor: string | null,
  detail: string | null,
): Promise<void> {
  await manager.getRepository(AlertEventEntity).insert({ alertId, at, type, actor, detail });
}

function alertFilter(query: AlertQuery): FindOptionsWhere<AlertEntity> {
  const where: FindOptionsWhere<AlertEntity> = {};
  if (query.statuses) where.status = In([...query.statuses]);
  if (query.unitIds) where.unitId = In([...query.unitIds]);
  if (query.kpiId !== undefined) where.kpiId = query.kpiId;
  return where;
}
