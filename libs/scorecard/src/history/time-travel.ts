import { BscError, BscErrorCode, type KpiValue } from '@bsc/common';
import type { KpiDef } from '@bsc/twin';
import { canonicalPeriodKey } from '../scoring/target-resolver';
import type { KpiValueRevision, ModelVersion, ScorecardInputs, TimeTravelQuery } from './history.types';
import { periodKeysAt } from './period-keys';

/** The model version in force at `at`: the newest imported at or before it (higher version wins a tie). */
export function modelInForceAt(versions: readonly ModelVersion[], at: number): ModelVersion | null {
  let found: ModelVersion | null = null;
  for (const v of versions) {
    if (v.importedAt > at) continue;
    if (!found || v.importedAt > found.importedAt || (v.importedAt === found.importedAt && v.version > found.version)) {
      found = v;
    }
  }
  return found;
}

/**
 * Newest revision per KPI for the wanted period, recorded at or before `knownAt` (all when undefined). Later
 * input order wins a tie on recordedAt. KPIs for which `periodKeyFor` returns undefined are skipped.
 */
export function selectRevisions(
  revisions: readonly KpiValueRevision[],
  periodKeyFor: (kpiId: string) => string | undefined,
  knownAt?: number,
): Map<string, KpiValueRevision> {
  const wanted = new Map<string, string | undefined>();
  const chosen = new Map<string, KpiValueRevision>();
  for (const r of revisions) {
    if (knownAt !== undefined && r.recordedAt > knownAt) continue;
    if (!wanted.has(r.kpiId)) {
      const key = periodKeyFor(r.kpiId);
      wanted.set(r.kpiId, key === undefined ? undefined : canonicalPeriodKey(key));
    }
    const key = wanted.get(r.kpiId);
    if (key === undefined || canonicalPeriodKey(r.periodKey) !== key) continue;
    const best = chosen.get(r.kpiId);
    if (!best || r.recordedAt >= best.recordedAt) chosen.set(r.kpiId, r);
  }
  return chosen;
}

/** Inputs for "the scorecard as of `at`", as known then or as corrected since (see TimeTravelMode). */
export function scorecardInputsAt(query: TimeTravelQuery): ScorecardInputs {
  const version = modelInForceAt(query.versions, query.at);
  if (!version) {
    throw new BscError(
      BscErrorCode.NotFound,
      `no model version was in force at ${new Date(query.at).toISOString()}`,
      'at',
    );
  }
  const model = version.model;
  const custom = query.periodKeyFor;
  const periodKeyFor = custom ? (kpi: KpiDef) => custom(kpi, model) : periodKeysAt(model, query.at);
  const kpis = new Map(model.kpis.map((k) => [k.id, k]));
  const knownAt = query.knownAt ?? (query.mode === 'as_known' ? query.at : undefined);
  const selected = selectRevisions(
    query.revisions,
    (kpiId) => {
      const kpi = kpis.get(kpiId);
      return kpi ? periodKeyFor(kpi) : undefined;
    },
    knownAt,
  );
  const values = new Map<string, KpiValue>();
  for (const [kpiId, revision] of selected) values.set(kpiId, stripRevision(revision));
  return { model, modelVersion: version.version, asOf: query.at, values, periodKeyFor };
}

function stripRevision({ recordedAt: _recordedAt, ...value }: KpiValueRevision): KpiValue {
  return value;
}
