import { TwinModelBuilder } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { TwinIndex } from './twin-index';
import type { TwinIndexService } from './twin-index.service';
import { TwinService } from './twin.service';

const ADMIN: Principal = { subject: 'admin', role: 'admin', units: null, via: 'jwt' };
const PLANT_ONLY: Principal = { subject: 'plant', role: 'viewer', units: ['plant'], via: 'jwt' };

describe(TwinService.name, () => {
  let sut: TwinService;

  beforeEach(() => {
    const index = new TwinIndex(TwinModelBuilder.minimal().buildValid(), 1);
    sut = new TwinService({ current: () => index } as unknown as TwinIndexService);
  });

  it('exposes the TwinGraph edges with their own vocabulary (formula inputs as computed_from, KPI -> input)', () => {
    const graph = sut.graph(ADMIN, 'scrap_rate', 1, null);

    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'scrap_rate', to: 'line1.scrap', kind: 'computed_from', derived: true },
        { from: 'scrap_rate', to: 'output', kind: 'computed_from', derived: true },
        { from: 'scrap_rate', to: 'plant', kind: 'owned_by', derived: true },
        { from: 'scrap_rate', to: 'efficient', kind: 'contributes_to', derived: true },
        { from: 'lean', to: 'scrap_rate', kind: 'supports', derived: true },
      ]),
    );
    expect(graph.edges.map((e) => e.kind)).not.toContain('feeds');
  });

  it('names objective -> perspective belongs_to and strategy links cause_effect', () => {
    const graph = sut.graph(ADMIN, 'efficient', 1, null);

    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'efficient', to: 'internal_process', kind: 'belongs_to', derived: true },
        { from: 'efficient', to: 'grow', kind: 'cause_effect', derived: true },
      ]),
    );
  });

  it('filters kinds in the answer but walks through the others', () => {
    // output -> efficient (objective) -> internal_process is two hops; only the perspective kind is asked for
    const graph = sut.graph(ADMIN, 'output', 2, ['perspective']);

    expect(graph.nodes.map((n) => n.id).sort()).toEqual(['financial', 'internal_process', 'output']);
  });

  it('traces a KPI to its signals, their sources and assets, and its objectives and perspectives', () => {
    const lineage = sut.lineage(ADMIN, 'scrap_rate');

    expect(lineage.nodes.map((n) => n.id).sort()).toEqual(
      [
        'efficient',
        'internal_process',
        'line1',
        'line1.filler',
        'line1.good',
        'line1.scrap',
        'opc',
        'output',
        'scrap_rate',
      ].sort(),
    );
    expect(lineage.edges).toContainEqual({ from: 'line1.good', to: 'opc', kind: 'sourced_from', derived: true });
  });

  it("prunes nodes outside a scoped caller's units (the OPC UA server has none); perspectives stay shared", () => {
    const lineage = sut.lineage(PLANT_ONLY, 'scrap_rate');
    const ids = lineage.nodes.map((n) => n.id);

    expect(ids).not.toContain('opc');
    expect(ids).toContain('internal_process');
    expect(lineage.nodes.find((n) => n.id === 'line1.scrap')?.unitId).toBe('plant');
  });
});
