import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import type { InitiativeDef, MilestoneDef } from '@bsc/twin';
import { displayName, type Principal } from '../auth/principal';
import { assertUnitVisible, canSeeUnit } from '../auth/unit-scope';
import { ModelEditService } from '../model/model-edit.service';
import { ScorecardService } from '../scorecard/scorecard.service';
import {
  INITIATIVE_STATE_STORE,
  type InitiativeStateRecord,
  type InitiativeStateStore,
} from '../stores/initiative-state.store';
import { TwinIndexService } from '../twin/twin-index.service';
import type { CreateInitiativeInput, InitiativeType, UpdateInitiativeInput } from './dto/initiative.types';

function doneShare(milestones: readonly MilestoneDef[]): number {
  return milestones.length > 0 ? milestones.filter((m) => m.done).length / milestones.length : 0;
}

function toInitiativeType(def: InitiativeDef, state: InitiativeStateRecord | undefined): InitiativeType {
  const milestones = state?.milestones ?? def.milestones;
  const progress = state?.progress ?? (milestones.length > 0 ? doneShare(milestones) : null);
  return {
    id: def.id,
    name: def.name,
    owner: def.owner ?? null,
    unit: def.unit,
    objectives: [...def.objectives],
    kpis: [...def.kpis],
    status: state?.status ?? def.status,
    progress,
    milestones: milestones.map((m) => ({ ...m })),
    budgetAmount: def.budget?.amount ?? null,
    budgetCurrency: def.budget?.currency ?? null,
    budgetActual: state?.budgetActual ?? null,
    updatedBy: state?.updatedBy ?? null,
    updatedAt: state ? new Date(state.updatedAt) : null,
    start: def.start ?? null,
    end: def.end ?? null,
  };
}

/**
 * Initiatives: defined in the model (create = a model edit), live state (status, progress, milestones, money spent)
 * stored aside.
 */
@Injectable()
export class InitiativeService {
  constructor(
    private readonly twin: TwinIndexService,
    private readonly edits: ModelEditService,
    private readonly scorecards: ScorecardService,
    @Inject(INITIATIVE_STATE_STORE) private readonly states: InitiativeStateStore,
  ) {}

  /** With `asOf` in the past, each initiative's state in force then (as the past scorecard shows it). */
  async list(principal: Principal, unit: string | undefined, asOf?: Date): Promise<InitiativeType[]> {
    const index = this.twin.current();
    if (unit) assertUnitVisible(principal, index, unit, 'unit');
    const units = unit ? index.unitSubtree(unit) : null;
    const at = asOf?.getTime();
    if (at !== undefined && !Number.isFinite(at))
      throw new BscError(BscErrorCode.BadInput, 'asOf: not a valid instant', 'asOf');
    const rows = at !== undefined && at < Date.now() ? await this.states.inForceAt(at) : await this.states.list();
    const states = new Map(rows.map((s) => [s.initiativeId, s]));
    return index.model.initiatives
      .filter((i) => canSeeUnit(principal, index, i.unit) && (!units || units.has(i.unit)))
      .map((i) => toInitiativeType(i, states.get(i.id)));
  }

  async update(principal: Principal, id: string, input: UpdateInitiativeInput): Promise<InitiativeType> {
    const index = this.twin.current();
    const def = index.model.initiatives.find((i) => i.id === id);
    if (!def || !canSeeUnit(principal, index, def.unit))
      throw new BscError(BscErrorCode.NotFound, `id: no initiative '${id}'`, 'id');
    const current = toInitiativeType(def, (await this.states.list([id]))[0]);
    const milestones = input.milestones ?? current.milestones;
    const next = await this.states.save({
      initiativeId: id,
      status: input.status ?? current.status,
      // new milestones without an explicit progress re-derive it from the milestones
      progress: input.progress ?? (input.milestones ? doneShare(milestones) : (current.progress ?? 0)),
      milestones,
      budgetActual: input.budgetActual ?? current.budgetActual,
      updatedBy: displayName(principal),
    });
    this.scorecards.invalidate();
    return toInitiativeType(def, next);
  }

  async create(principal: Principal, input: CreateInitiativeInput): Promise<InitiativeType> {
    assertUnitVisible(principal, this.twin.current(), input.unit, 'input.unit');
    const def: InitiativeDef = {
      id: input.id,
      name: input.name,
      owner: input.owner,
      unit: input.unit,
      objectives: input.objectives,
      kpis: input.kpis ?? [],
      milestones: (input.milestones ?? []).map((m) => ({ ...m })),
      status: input.status ?? 'planned',
    };
    const result = await this.edits.apply(principal, (model) => {
      if (model.initiatives.some((i) => i.id === def.id))
        throw new BscError(BscErrorCode.Conflict, `input.id: initiative '${def.id}' exists`, 'input.id');
      model.initiatives.push(def);
    });
    if (!result.ok)
      throw new BscError(
        BscErrorCode.ModelInvalid,
        `input: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        'input',
        result.issues,
      );
    return toInitiativeType(def, undefined);
  }
}
