import { Inject, Injectable } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { BscError, BscErrorCode } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import type { ReportingPeriod } from '@bsc/twin';
import { displayName, type Principal } from '../auth/principal';
import { assertUnitVisible, canSeeUnit } from '../auth/unit-scope';
import { COMMENTARY_STORE, type CommentaryKey, type CommentaryStore } from '../stores/commentary.store';
import { TwinIndexService } from '../twin/twin-index.service';
import type { CommentarySubject, CommentaryType, WriteCommentaryInput } from './dto/commentary.types';
import { toCommentaryType } from './dto/to-commentary.type.mapper';

/** Objectives have no period of their own: their commentary follows the monthly review. */
export const OBJECTIVE_COMMENTARY_PERIOD: ReportingPeriod = 'month';

export interface CommentaryView {
  unit: string;
  /** The instant the scorecard shows (default: now): picks each subject's period. */
  asOf?: number;
  /** What was known (default: asOf, as the scorecard's time travel): picks the version. */
  knownAt?: number;
}

interface Subject {
  kind: CommentarySubject;
  id: string;
  unit: string;
  period: ReportingPeriod;
}

/** Period commentary on KPIs and objectives: saved as versions, read as they stood at a time. */
@Injectable()
export class CommentaryService {
  constructor(
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(COMMENTARY_STORE) private readonly store: CommentaryStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly twin: TwinIndexService,
  ) {}

  async write(principal: Principal, input: WriteCommentaryInput, at = Date.now()): Promise<CommentaryType> {
    const subject = this.subject(principal, input.subjectKind, input.subjectId, 'input.subjectId');
    const periodKey = this.periodKey(subject, input.periodKey, at);
    const saved = await this.store.append({
      subjectKind: subject.kind,
      subjectId: subject.id,
      periodKey,
      analysis: input.analysis.trim(),
      actions: input.actions.trim(),
      author: displayName(principal),
      recordedAt: at,
    });
    this.bus.publish('scorecard.changed', { unitId: subject.unit, at });
    return toCommentaryType(saved);
  }

  /**
   * The commentary on a unit's objectives and their KPIs for the periods that contain `asOf`, each in the version
   * known at `knownAt` (default asOf; both default to now), like the scorecard of that instant.
   */
  async forUnit(principal: Principal, view: CommentaryView, now = Date.now()): Promise<CommentaryType[]> {
    const index = this.twin.current();
    assertUnitVisible(principal, index, view.unit, 'unit');
    const at = Math.min(view.asOf ?? now, now);
    const knownAt = Math.min(view.knownAt ?? view.asOf ?? now, now);
    const calendar = this.calendar();
    const keys: CommentaryKey[] = [];
    const kpis = new Set<string>();
    for (const objective of index.model.objectives) {
      if (objective.unit !== view.unit) continue;
      keys.push({
        subjectKind: 'objective',
        subjectId: objective.id,
        periodKey: calendar.periodOf(at, OBJECTIVE_COMMENTARY_PERIOD).key,
      });
      for (const ref of objective.kpis) kpis.add(ref.kpi);
    }
    for (const kpi of index.model.kpis) if (kpi.orgUnit === view.unit) kpis.add(kpi.id);
    for (const id of kpis) {
      const def = index.kpis.get(id);
      if (def) keys.push({ subjectKind: 'kpi', subjectId: id, periodKey: calendar.periodOf(at, def.period).key });
    }
    return (await this.store.latest(keys, knownAt)).map(toCommentaryType);
  }

  /** Every saved version of one subject's commentary for a period, oldest first. */
  async versions(
    principal: Principal,
    kind: CommentarySubject,
    subjectId: string,
    periodKey: string | undefined,
    now = Date.now(),
  ): Promise<CommentaryType[]> {
    const subject = this.subject(principal, kind, subjectId, 'subjectId');
    const key = { subjectKind: kind, subjectId, periodKey: this.periodKey(subject, periodKey, now) };
    return (await this.store.versions(key)).map(toCommentaryType);
  }

  private subject(principal: Principal, kind: CommentarySubject, id: string, field: string): Subject {
    const index = this.twin.current();
    const found: Subject | undefined =
      kind === 'kpi'
        ? ((def) => def && { kind, id, unit: def.orgUnit, period: def.period })(index.kpis.get(id))
        : ((o) => o && { kind, id, unit: o.unit, period: OBJECTIVE_COMMENTARY_PERIOD })(index.objectives.get(id));
    if (!found || !canSeeUnit(principal, index, found.unit))
      throw new BscError(BscErrorCode.NotFound, `${field}: no ${kind} '${id}'`, field);
    return found;
  }

  private periodKey(subject: Subject, key: string | undefined, at: number): string {
    const calendar = this.calendar();
    if (key === undefined) return calendar.periodOf(at, subject.period).key;
    const period = calendar.tryParsePeriodKey(key);
    if (!period || period.type !== subject.period)
      throw new BscError(
        BscErrorCode.BadInput,
        `periodKey: '${key}' is not a ${subject.period} period key of the model's calendar`,
        'periodKey',
      );
    return period.key;
  }

  private calendar(): FiscalCalendar {
    return new FiscalCalendar(this.activeModel.current().model.calendar);
  }
}
