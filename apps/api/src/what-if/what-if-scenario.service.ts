import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import type { SavedScenario } from '@bsc/persistence';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../graphql/api-context';
import { TwinIndexService } from '../twin/twin-index.service';
import type { ScenarioInput } from './dto/scenario.input';
import type { SavedScenarioType, ScenarioRunType } from './dto/saved-scenario.types';
import { WHAT_IF_SCENARIO_STORE, type WhatIfScenarioStore } from './what-if-scenario.store';
import { WhatIfService } from './what-if.service';
import { driverVisible } from './driver-scope';

/** A scenario as stored: the validated input, dates as ISO text. */
interface StoredScenario {
  drivers: Array<{
    kind: 'kpi' | 'signal' | 'target';
    id: string;
    change: 'absolute' | 'relative' | 'set';
    value: number;
    from: string | null;
    /** Absent in scenarios saved before a change could end: never. */
    until?: string | null;
    rampDays: number;
  }>;
  includeNonSignificant: boolean;
  draws: number;
  seed: number;
  /** Absent in scenarios saved before a horizon could be chosen: the current period. */
  horizonPeriods?: number;
}

/** Save, list and compare scenarios; a caller sees only scenarios whose KPI drivers lie in their units. */
@Injectable()
export class WhatIfScenarioService {
  constructor(
    private readonly whatIf: WhatIfService,
    private readonly twin: TwinIndexService,
    @Inject(WHAT_IF_SCENARIO_STORE) private readonly store: WhatIfScenarioStore,
  ) {}

  async save(principal: Principal, name: string, scenario: ScenarioInput): Promise<SavedScenarioType> {
    // refuses unknown or out-of-scope drivers exactly as a run does
    this.whatIf.drivers(principal, scenario);
    const stored: StoredScenario = {
      drivers: scenario.drivers.map((d) => ({
        kind: d.kind,
        id: d.id,
        change: d.change,
        value: d.value,
        from: d.from ? d.from.toISOString() : null,
        until: d.until ? d.until.toISOString() : null,
        rampDays: d.rampDays ?? 0,
      })),
      includeNonSignificant: scenario.includeNonSignificant,
      draws: scenario.draws,
      seed: scenario.seed,
      horizonPeriods: scenario.horizonPeriods,
    };
    return toSavedScenarioType(await this.store.save({ name, scenario: stored, createdBy: principal.subject }));
  }

  async list(principal: Principal, first: number): Promise<SavedScenarioType[]> {
    const saved = await this.store.list<StoredScenario>(first);
    return saved.filter((s) => this.visible(principal, s.scenario)).map(toSavedScenarioType);
  }

  async compare(ctx: ApiContext, principal: Principal, ids: readonly string[]): Promise<ScenarioRunType[]> {
    const saved = (await this.store.getMany<StoredScenario>(ids)).filter((s) => this.visible(principal, s.scenario));
    const missing = ids.filter((id) => !saved.some((s) => s.id === id));
    if (missing.length > 0) throw new BscError(BscErrorCode.NotFound, `ids: no scenario ${missing.join(', ')}`, 'ids');
    const runs: ScenarioRunType[] = [];
    // one after the other: each run replays samples and draws thousands of outcomes
    for (const s of saved) {
      const view = toSavedScenarioType(s);
      const input: ScenarioInput = {
        drivers: view.drivers.map((d) => ({ ...d, from: d.from ?? undefined, until: d.until ?? undefined })),
        includeNonSignificant: view.includeNonSignificant,
        draws: view.draws,
        seed: view.seed,
        horizonPeriods: view.horizonPeriods,
      };
      runs.push({ scenario: view, result: await this.whatIf.run(ctx, principal, input) });
    }
    return runs;
  }

  private visible(principal: Principal, scenario: StoredScenario): boolean {
    const index = this.twin.current();
    return scenario.drivers.every((d) => driverVisible(principal, index, d));
  }
}

function toSavedScenarioType(s: SavedScenario<StoredScenario>): SavedScenarioType {
  return {
    id: s.id,
    name: s.name,
    createdBy: s.createdBy,
    createdAt: new Date(s.createdAt),
    drivers: s.scenario.drivers.map((d) => ({
      ...d,
      from: d.from === null ? null : new Date(d.from),
      until: d.until ? new Date(d.until) : null,
    })),
    includeNonSignificant: s.scenario.includeNonSignificant,
    draws: s.scenario.draws,
    seed: s.scenario.seed,
    horizonPeriods: s.scenario.horizonPeriods ?? 1,
  };
}
