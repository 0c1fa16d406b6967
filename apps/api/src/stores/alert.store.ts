export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

export interface AlertRecord {
  id: string;
  rule: string;
  kpiId: string | null;
  unitId: string;
  severity: string;
  status: AlertStatus;
  message: string;
  raisedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
}

export interface AlertQuery {
  status?: AlertStatus;
  /** Only alerts of these units; null = all. */
  unitIds: readonly string[] | null;
  /** Keyset: alerts raised before this (raisedAt, id). */
  before?: { raisedAt: number; id: string };
  limit: number;
}

/** What the API needs from the alert table (persistence's AlertRepository is adapted to it). */
export interface AlertStore {
  list(query: AlertQuery): Promise<AlertRecord[]>;
  get(id: string): Promise<AlertRecord | null>;
  /** Upserts (used by alert rules and tests). */
  save(record: AlertRecord): Promise<void>;
}

export const ALERT_STORE = Symbol('ALERT_STORE');

export class InMemoryAlertStore implements AlertStore {
  private readonly byId = new Map<string, AlertRecord>();

  async list(query: AlertQuery): Promise<AlertRecord[]> {
    const units = query.unitIds ? new Set(query.unitIds) : null;
    return [...this.byId.values()]
      .filter((a) => (!query.status || a.status === query.status) && (!units || units.has(a.unitId)))
      .sort((a, b) => b.raisedAt - a.raisedAt || (a.id < b.id ? 1 : -1))
      .filter((a) => !query.before || a.raisedAt < query.before.raisedAt || (a.raisedAt === query.before.raisedAt && a.id < query.before.id))
      .slice(0, query.limit)
      .map((a) => ({ ...a }));
  }

  async get(id: string): Promise<AlertRecord | null> {
    const found = this.byId.get(id);
    return found ? { ...found } : null;
  }

  async save(record: AlertRecord): Promise<void> {
    this.byId.set(record.id, { ...record });
  }
}
