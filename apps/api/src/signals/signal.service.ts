import type { SignalSample } from '@bsc/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { assertUnitVisible, canSeeUnit } from '../auth/unit-scope';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { paginate } from '../graphql/pagination/paginate';
import { SAMPLE_STORE, type SampleStore } from '../stores/sample.store';
import { describeSource } from '../twin/dto/to-twin.type.mapper';
import { TwinIndexService } from '../twin/twin-index.service';
import type { SignalFilterInput, SignalSampleType, SignalType } from './dto/signal.types';

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
    const views: SignalType[] = paged.nodes.map((s) => {
      const sample = latest.get(s.id);
      return {
        id: s.id,
        name: s.name,
        unit: s.unit,
        dataType: s.dataType,
        measures: s.measures ?? null,
        orgUnit: index.nodes.get(s.id)?.unitId ?? null,
        source: describeSource(s.source),
        lastSample: sample ? toSampleView(sample) : null,
        quality: sample?.quality ?? null,
      };
    });
    return { ...paged, nodes: views, edges: paged.edges.map((e, i) => ({ cursor: e.cursor, node: views[i] })) };
  }
}

function toSampleView(sample: SignalSample): SignalSampleType {
  return {
    ts: new Date(sample.ts),
    value: Number.isFinite(sample.value) ? sample.value : null,
    text: sample.text ?? null,
    quality: sample.quality,
    statusCode: sample.statusCode === undefined ? null : `0x${(sample.statusCode >>> 0).toString(16).padStart(8, '0')}`,
    source: sample.source,
  };
}
