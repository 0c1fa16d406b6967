import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import type { Principal } from '../auth/principal';
import { assertUnitVisible, canSeeUnit } from '../auth/unit-scope';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { paginate } from '../graphql/pagination/paginate';
import { SAMPLE_STORE, type SampleStore } from '../stores/sample.store';
import { TwinIndexService } from '../twin/twin-index.service';
import type { SignalHistoryType } from './dto/signal-history.types';
import type { SignalFilterInput, SignalType } from './dto/signal.types';
import { toSignalHistoryType, toSignalType } from './dto/to-signal.type.mapper';

@Injectable()
export class SignalService {
  constructor(
    private readonly twin: TwinIndexService,
    @Inject(SAMPLE_STORE) private readonly samples: SampleStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** One page of signals with their last samples, read in one batch for the page. */
  async list(
    principal: Principal,
    filter: SignalFilterInput = {},
    page: { first?: number; after?: string },
  ): Promise<ConnectionShape<SignalType>> {
    const index = this.twin.current();
    if (filter.unit) assertUnitVisible(principal, index, filter.unit, 'filter.unit');
    const units = filter.unit ? index.unitSubtree(filter.unit) : null;
    const search = filter.search?.toLowerCase();
    const defs = index.model.signals.filter((s) => {
      const unitId = index.nodes.get(s.id)?.unitId ?? null;
      return (
        canSeeUnit(principal, index, unitId) &&
        (!units || (unitId !== null && units.has(unitId))) &&
        (!filter.sourceKind || s.source.kind === filter.sourceKind) &&
        (!search || s.id.toLowerCase().includes(search) || s.name.toLowerCase().includes(search))
      );
    });
    const paged = paginate(defs, (s) => s.id, page, this.config.GRAPHQL_MAX_PAGE_SIZE);
    const latest = new Map((await this.samples.latest(paged.nodes.map((s) => s.id))).map((s) => [s.signalId, s]));
    const views = paged.nodes.map((s) => toSignalType(s, index.nodes.get(s.id)?.unitId ?? null, latest.get(s.id)));
    return { ...paged, nodes: views, edges: paged.edges.map((e, i) => ({ cursor: e.cursor, node: views[i] })) };
  }

  /** One signal with its last sample; null when unknown or outside the caller's units (they learn nothing). */
  async one(principal: Principal, id: string): Promise<SignalType | null> {
    const index = this.twin.current();
    const def = index.signals.get(id);
    const unitId = index.nodes.get(id)?.unitId ?? null;
    if (!def || !canSeeUnit(principal, index, unitId)) return null;
    const [sample] = await this.samples.latest([id]);
    return toSignalType(def, unitId, sample);
  }

  async history(signalId: string, from: Date, to: Date, maxPoints: number): Promise<SignalHistoryType> {
    if (to.getTime() <= from.getTime()) throw new BscError(BscErrorCode.BadInput, 'to: must be after from', 'to');
    const history = await this.samples.history(signalId, from.getTime(), to.getTime(), maxPoints);
    return toSignalHistoryType(from.getTime(), to.getTime(), history);
  }
}
