import { DataSource, In } from 'typeorm';
import { WhatIfScenarioEntity } from '../entities/what-if-scenario.entity';

export interface SavedScenario<T = unknown> {
  id: string;
  name: string;
  scenario: T;
  createdBy: string;
  createdAt: number;
}

function toSavedScenario<T>(e: WhatIfScenarioEntity): SavedScenario<T> {
  return { id: String(e.id), name: e.name, scenario: e.scenario as T, createdBy: e.createdBy, createdAt: e.createdAt };
}

/** Saved what-if scenarios; the scenario itself is stored as given (the API validates it). */
export class WhatIfScenarioRepository {
  constructor(private readonly dataSource: DataSource) {}

  async save<T>(input: {
    name: string;
    scenario: T;
    createdBy: string;
    createdAt?: number;
  }): Promise<SavedScenario<T>> {
    const repo = this.dataSource.getRepository(WhatIfScenarioEntity);
    const row = await repo.save(
      repo.create({
        name: input.name,
        scenario: input.scenario,
        createdBy: input.createdBy,
        createdAt: input.createdAt ?? Date.now(),
      }),
    );
    return toSavedScenario<T>(row);
  }

  /** Newest first. */
  async list<T>(limit: number): Promise<Array<SavedScenario<T>>> {
    const rows = await this.dataSource
      .getRepository(WhatIfScenarioEntity)
      .find({ order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map((r) => toSavedScenario<T>(r));
  }

  /** The scenarios found among `ids`, in the order asked. */
  async getMany<T>(ids: readonly string[]): Promise<Array<SavedScenario<T>>> {
    const numeric = ids.map(Number).filter((n) => Number.isInteger(n));
    if (numeric.length === 0) return [];
    const rows = await this.dataSource.getRepository(WhatIfScenarioEntity).findBy({ id: In(numeric) });
    const byId = new Map(rows.map((r) => [String(r.id), toSavedScenario<T>(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
