import { join } from 'node:path';
import { BscErrorCode } from '@bsc/common';
import { loadValidModelFromFile } from '../loader/model-loader';
import { TwinModelBuilder } from '../testing/twin-model.builder';
import { TwinGraph } from './twin-graph';
import type { TwinEdgeType } from './twin-graph.types';

const DEMO = join(__dirname, '../../../../models/demo/acme-manufacturing.yaml');

/** The error `fn` throws, so its fields can be matched with toMatchObject. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe(TwinGraph.name, () => {
  describe('on the minimal model', () => {
    let sut: TwinGraph;
    beforeEach(() => (sut = TwinGraph.fromModel(TwinModelBuilder.minimal().buildValid())));

    it('holds every node with its kind and definition', () => {
      expect(sut.node('plant')).toMatchObject({ kind: 'unit', name: 'Plant', def: { parent: 'acme' } });
      expect(sut.node('line1.good')).toMatchObject({ kind: 'signal', def: { source: { kind: 'opcua' } } });
      expect(sut.node('opc')).toMatchObject({ kind: 'opcua_server' });
      expect(sut.node('financial')).toMatchObject({ kind: 'perspective' });
      expect(sut.node('nope')).toBeUndefined();
      expect(sut.nodes('kpi').map((n) => n.id)).toEqual(['output', 'scrap_rate']);
    });

    it.each<[string, string, TwinEdgeType, string, object?]>([
      ['unit part_of parent', 'plant', 'part_of', 'acme'],
      ['process part_of unit', 'line1', 'part_of', 'plant'],
      ['asset part_of process', 'line1.filler', 'part_of', 'line1'],
      ['signal measured_by process', 'line1.good', 'measured_by', 'line1'],
      ['signal measured_by asset', 'line1.scrap', 'measured_by', 'line1.filler'],
      ['signal sourced_from server', 'line1.good', 'sourced_from', 'opc'],
      ['kpi computed_from signal', 'scrap_rate', 'computed_from', 'line1.scrap'],
      ['kpi computed_from kpi', 'scrap_rate', 'computed_from', 'output'],
      ['kpi contributes_to objective', 'output', 'contributes_to', 'efficient', { weight: 2 }],
      ['kpi owned_by unit', 'output', 'owned_by', 'plant'],
      ['objective belongs_to perspective', 'grow', 'belongs_to', 'financial'],
      ['objective owned_by unit', 'grow', 'owned_by', 'acme'],
      [
        'cause_effect with lag',
        'efficient',
        'cause_effect',
        'grow',
        { lag: '30d', lagMs: 30 * 86_400_000, polarity: 'positive' },
      ],
      ['initiative supports objective', 'lean', 'supports', 'efficient'],
      ['initiative supports kpi', 'lean', 'supports', 'scrap_rate'],
    ])('derives %s', (_name, from, type, to, extra = {}) => {
      const edge = { from, to, type, derived: true, ...extra };

      expect(sut.edgesFrom(from, type)).toContainEqual(expect.objectContaining(edge));
      expect(sut.edgesTo(to, type)).toContainEqual(expect.objectContaining(edge));
    });

    it('filters edges by type and returns both directions', () => {
      expect(sut.edgesFrom('scrap_rate', 'computed_from').map((e) => e.to)).toEqual(['line1.scrap', 'output']);
      expect(sut.edgesTo('output').map((e) => `${e.type}:${e.from}`)).toEqual(['computed_from:scrap_rate']);
      expect(sut.edgesFrom('nope')).toEqual([]);
    });

    it('keeps model edges, marked as not derived', () => {
      const model = TwinModelBuilder.minimal()
        .set('edges', [{ from: 'line1.filler', to: 'line1', type: 'feeds' }])
        .buildValid();

      expect(TwinGraph.fromModel(model).edgesFrom('line1.filler', 'feeds')).toEqual([
        { from: 'line1.filler', to: 'line1', type: 'feeds', derived: false },
      ]);
    });

    it('walks hierarchies', () => {
      expect(sut.unitSubtree('acme')).toEqual(['acme', 'plant']);
      expect(sut.unitSubtree('plant')).toEqual(['plant']);
      expect(sut.unitAncestors('plant')).toEqual(['acme']);
      expect(sut.unitAncestors('acme')).toEqual([]);
    });

    it('lists the KPIs of a unit, optionally with its descendants', () => {
      expect(sut.kpisOfUnit('acme')).toEqual([]);
      expect(sut.kpisOfUnit('acme', { includeDescendants: true })).toEqual(['output', 'scrap_rate']);
    });

    it('orders KPIs after their inputs', () => {
      const model = TwinModelBuilder.minimal()
        .set('kpis[0].formula', 'scrap_rate + sum(line1.good, period)')
        .set('kpis[1].formula', 'safediv(sum(line1.scrap, period), 1)')
        .buildValid();

      expect(TwinGraph.fromModel(model).topologicalKpiOrder()).toEqual(['scrap_rate', 'output']);
    });

    it.each<[string, string, string[]]>([
      ['a signal read by one KPI', 'line1.scrap', ['scrap_rate']],
      ['a signal read through another KPI', 'line1.good', ['output', 'scrap_rate']],
      ['a KPI', 'output', ['scrap_rate']],
      ['a signal nobody reads', 'hr.headcount', []],
    ])('finds the KPIs depending on %s', (_name, id, expected) => {
      expect(sut.kpisDependingOn(id)).toEqual(expected);
    });

    it.each<[string, () => unknown, BscErrorCode]>([
      ['unknown unit', () => sut.unitSubtree('nope'), BscErrorCode.NotFound],
      ['unit query on a KPI', () => sut.unitAncestors('output'), BscErrorCode.BadInput],
      ['lineage of a signal', () => sut.lineage('line1.good'), BscErrorCode.BadInput],
      ['dependents of an unknown id', () => sut.kpisDependingOn('nope'), BscErrorCode.NotFound],
    ])('rejects %s', (_name, query, code) => {
      expect(thrownBy(query)).toMatchObject({ code });
    });

    it.each<[string, string, string | undefined]>([
      ['a unit', 'plant', 'plant'],
      ['a KPI', 'output', 'plant'],
      ['an objective', 'grow', 'acme'],
      ['an initiative', 'lean', 'plant'],
      ['a process', 'line1', 'plant'],
      ['an asset', 'line1.filler', 'plant'],
      ['a signal on an asset', 'line1.scrap', 'plant'],
      ['a signal measuring nothing', 'hr.headcount', undefined],
      ['a perspective', 'financial', undefined],
    ])('places %s in its org unit', (_name, id, unit) => {
      expect(sut.unitOf(id)).toBe(unit);
    });

    it('returns the subgraph around a node, limited by depth and kinds', () => {
      const oneHop = sut.subgraph('line1', 1);
      const units = sut.subgraph('line1', 3, ['unit']);

      expect(oneHop.nodes.map((n) => n.id).sort()).toEqual(['line1', 'line1.filler', 'line1.good', 'plant']);
      expect(oneHop.edges).toHaveLength(3);
      expect(units.nodes.map((n) => n.id)).toEqual(['line1', 'plant', 'acme']);
      expect(sut.subgraph('nope', 2)).toEqual({ nodes: [], edges: [], truncated: false });
    });

    it('neither returns nor walks through nodes the caller may not enter, and stops at maxNodes', () => {
      // line1's neighbours: plant (unit), line1.filler (asset), line1.good (signal); plant leads on to acme
      const noUnits = sut.subgraph('line1', 3, undefined, { canEnter: (n) => n.kind !== 'unit' });
      const capped = sut.subgraph('line1', 3, undefined, { maxNodes: 2 });

      expect(noUnits.nodes.map((n) => n.id)).not.toEqual(expect.arrayContaining(['plant']));
      expect(noUnits.nodes.map((n) => n.id)).not.toContain('acme');
      expect(noUnits.truncated).toBe(false);
      expect(capped.nodes).toHaveLength(2);
      expect(capped.truncated).toBe(true);
    });
  });

  describe('on the ACME demo model', () => {
    let sut: TwinGraph;
    beforeAll(async () => (sut = TwinGraph.fromModel(await loadValidModelFromFile(DEMO))));

    it('traces OEE of Plant North from signals and their sources to the perspective', () => {
      const lineage = sut.lineage('oee_plant_north');

      expect(lineage.upstreamKpis).toEqual(['oee_line1', 'oee_line2']);
      expect(lineage.signals.map((s) => s.signalId).sort()).toEqual(
        ['availability', 'performance', 'quality', 'good_count'].flatMap((s) => [`line1.${s}`, `line2.${s}`]).sort(),
      );
      expect(lineage.signals.every((s) => s.source.kind === 'opcua')).toBe(true);
      expect(lineage.objectives).toEqual(['north_reliability']);
      expect(lineage.perspectives).toEqual(['internal_process']);
      expect(lineage.nodes.map((n) => n.id)).toContain('plant-north-opc');
      expect(lineage.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['line1', 'line2']));
      expect(
        lineage.edges.every((e) =>
          ['computed_from', 'sourced_from', 'measured_by', 'contributes_to', 'belongs_to'].includes(e.type),
        ),
      ).toBe(true);
    });

    it('finds every KPI a Line 1 counter moves, inputs first', () => {
      const order = sut.topologicalKpiOrder();
      const dependents = sut.kpisDependingOn('line1.good_count');

      expect(dependents).toEqual(
        expect.arrayContaining(['oee_plant_north', 'oee_group', 'throughput', 'scrap_rate_north', 'energy_per_unit']),
      );
      expect(dependents).not.toContain('oee_line1');
      expect(dependents.indexOf('oee_plant_north')).toBeLessThan(dependents.indexOf('oee_group'));
      expect(order.indexOf('revenue')).toBeLessThan(order.indexOf('gross_margin'));
      expect(order).toHaveLength(sut.nodes('kpi').length);
    });

    it('cascades the org structure', () => {
      expect(sut.unitSubtree('acme')).toEqual(['acme', 'plant-north', 'plant-south', 'sales-service']);
      expect(sut.kpisOfUnit('plant-south')).toEqual(['oee_line3', 'scrap_rate_south']);
    });
  });
});
