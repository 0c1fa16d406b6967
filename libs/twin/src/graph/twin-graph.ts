import { BscError, BscErrorCode } from '@bsc/common';
import type { Id, TwinModel } from '../model/twin-model.types';
import { topologicalOrder } from '../util/graph-algorithms';
import { buildGraphElements } from './twin-graph-builder';
import type {
  KpiLineage,
  SignalLineage,
  SubgraphOptions,
  TwinEdge,
  TwinEdgeType,
  TwinNode,
  TwinNodeKind,
  TwinSubgraph,
} from './twin-graph.types';

const NO_EDGES: readonly TwinEdge[] = [];
const LINEAGE_EDGE_TYPES: ReadonlySet<TwinEdgeType> = new Set([
  'computed_from',
  'sourced_from',
  'measured_by',
  'contributes_to',
  'belongs_to',
]);

/**
 * The in-memory twin: nodes of the model with typed edges, indexed both ways (and by type) so that every query
 * touches only the neighbourhood it walks. Immutable; build a new one when the model changes.
 */
export class TwinGraph {
  private readonly byId = new Map<Id, TwinNode>();
  private readonly byKind = new Map<TwinNodeKind, TwinNode[]>();
  private readonly out = new Map<string, TwinEdge[]>();
  private readonly in = new Map<string, TwinEdge[]>();
  private readonly allEdges: TwinEdge[] = [];
  private kpiOrder?: { order: Id[]; rank: Map<Id, number> };

  constructor(nodes: readonly TwinNode[], edges: readonly TwinEdge[]) {
    for (const node of nodes) {
      if (this.byId.has(node.id)) continue;
      this.byId.set(node.id, node);
      append(this.byKind, node.kind, node);
    }
    for (const edge of edges) {
      // Edges to unknown nodes only exist in unvalidated models: keep the graph closed.
      if (!this.byId.has(edge.from) || !this.byId.has(edge.to)) continue;
      this.allEdges.push(edge);
      for (const key of [edge.from, typedKey(edge.from, edge.type)]) append(this.out, key, edge);
      for (const key of [edge.to, typedKey(edge.to, edge.type)]) append(this.in, key, edge);
    }
  }

  static fromModel(model: TwinModel): TwinGraph {
    const { nodes, edges } = buildGraphElements(model);
    return new TwinGraph(nodes, edges);
  }

  get size(): { nodes: number; edges: number } {
    return { nodes: this.byId.size, edges: this.allEdges.length };
  }

  node(id: Id): TwinNode | undefined {
    return this.byId.get(id);
  }

  nodes(kind?: TwinNodeKind): readonly TwinNode[] {
    return kind === undefined ? [...this.byId.values()] : (this.byKind.get(kind) ?? []);
  }

  edges(): readonly TwinEdge[] {
    return this.allEdges;
  }

  edgesFrom(id: Id, type?: TwinEdgeType): readonly TwinEdge[] {
    return this.out.get(type === undefined ? id : typedKey(id, type)) ?? NO_EDGES;
  }

  edgesTo(id: Id, type?: TwinEdgeType): readonly TwinEdge[] {
    return this.in.get(type === undefined ? id : typedKey(id, type)) ?? NO_EDGES;
  }

  /**
   * Nodes within `depth` hops of the root (edges followed both ways), optionally only of some kinds (the root is
   * always included; other kinds are neither returned nor walked through), with the edges among them.
   * `canEnter` prunes nodes the caller may not see (they are not walked through either); `maxNodes` bounds the
   * result, `truncated` then says the walk was cut short.
   */
  subgraph(
    rootId: Id,
    depth: number,
    kinds?: readonly TwinNodeKind[],
    options: SubgraphOptions = {},
  ): TwinSubgraph & { truncated: boolean } {
    const root = this.byId.get(rootId);
    if (!root) return { nodes: [], edges: [], truncated: false };
    const allowed = kinds === undefined ? undefined : new Set(kinds);
    const maxNodes = options.maxNodes ?? Number.POSITIVE_INFINITY;
    const seen = new Set<Id>([rootId]);
    let frontier = [rootId];
    let truncated = false;
    for (let hop = 0; hop < depth && frontier.length > 0 && !truncated; hop++) {
      const next: Id[] = [];
      for (const id of frontier) {
        for (const neighbour of this.neighbours(id)) {
          if (seen.has(neighbour)) continue;
          const node = this.byId.get(neighbour)!;
          if ((allowed && !allowed.has(node.kind)) || (options.canEnter && !options.canEnter(node))) continue;
          if (seen.size >= maxNodes) {
            truncated = true;
            break;
          }
          seen.add(neighbour);
          next.push(neighbour);
        }
        if (truncated) break;
      }
      frontier = next;
    }
    return { ...this.induced(seen), truncated };
  }

  /**
   * Signals (with their sources and the assets or processes they measure) and KPIs a KPI is computed from, and the
   * objectives and perspectives it feeds.
   */
  lineage(kpiId: Id): KpiLineage {
    this.requireKind(kpiId, 'kpi');
    const upstream = this.reach(kpiId, (id) => this.edgesFrom(id, 'computed_from').map((e) => e.to));
    const upstreamKpis = this.inKpiOrder([...upstream].filter((id) => this.byId.get(id)!.kind === 'kpi'));
    const signals: SignalLineage[] = [];
    const ids = new Set<Id>([kpiId, ...upstream]);
    for (const id of upstream) {
      const node = this.byId.get(id)!;
      if (node.kind !== 'signal') continue;
      signals.push({
        signalId: id,
        source: node.def.source,
        ...(node.def.measures !== undefined && { measures: node.def.measures }),
      });
      for (const edge of [...this.edgesFrom(id, 'sourced_from'), ...this.edgesFrom(id, 'measured_by')])
        ids.add(edge.to);
    }
    const objectives = this.edgesFrom(kpiId, 'contributes_to').map((e) => e.to);
    const perspectives = new Set<Id>();
    const own = this.byId.get(kpiId)!.def as { perspective?: Id };
    if (own.perspective !== undefined && this.byId.has(own.perspective)) perspectives.add(own.perspective);
    for (const objective of objectives) for (const e of this.edgesFrom(objective, 'belongs_to')) perspectives.add(e.to);
    for (const id of [...objectives, ...perspectives]) ids.add(id);
    const graph = this.induced(ids);
    // Only the edges that tell the lineage story, not every relation among these nodes.
    const edges = graph.edges.filter((e) => LINEAGE_EDGE_TYPES.has(e.type));
    return { kpiId, upstreamKpis, signals, objectives, perspectives: [...perspectives], nodes: graph.nodes, edges };
  }

  /** The unit and all its descendants, breadth first, the unit first. */
  unitSubtree(unitId: Id): Id[] {
    this.requireKind(unitId, 'unit');
    const out = [unitId];
    for (let head = 0; head < out.length; head++) {
      for (const edge of this.edgesTo(out[head], 'part_of')) {
        if (this.byId.get(edge.from)!.kind === 'unit') out.push(edge.from);
      }
    }
    return out;
  }

  /** Parent, grandparent, ... up to the root (excluding the unit itself). */
  unitAncestors(unitId: Id): Id[] {
    this.requireKind(unitId, 'unit');
    const out: Id[] = [];
    const seen = new Set<Id>([unitId]);
    let parent = this.unitParent(unitId);
    while (parent !== undefined && !seen.has(parent)) {
      out.push(parent);
      seen.add(parent);
      parent = this.unitParent(parent);
    }
    return out;
  }

  /** KPIs owned by the unit, or by the unit and its descendants, in model order. */
  kpisOfUnit(unitId: Id, options: { includeDescendants?: boolean } = {}): Id[] {
    const units = options.includeDescendants ? this.unitSubtree(unitId) : (this.requireKind(unitId, 'unit'), [unitId]);
    const owned = new Set<Id>();
    for (const unit of units) {
      for (const edge of this.edgesTo(unit, 'owned_by'))
        if (this.byId.get(edge.from)!.kind === 'kpi') owned.add(edge.from);
    }
    return this.nodes('kpi')
      .filter((n) => owned.has(n.id))
      .map((n) => n.id);
  }

  /**
   * The org unit a node belongs to: a unit itself; the owner of a KPI, objective or initiative; the unit of a
   * process, of an asset's process, of what a signal measures. Undefined for perspectives, servers and unplaced signals.
   */
  unitOf(id: Id): Id | undefined {
    const node = this.byId.get(id);
    if (!node) throw new BscError(BscErrorCode.NotFound, `unknown twin node '${id}'`);
    switch (node.kind) {
      case 'unit':
        return id;
      case 'kpi':
      case 'objective':
      case 'initiative':
        return this.edgesFrom(id, 'owned_by')[0]?.to;
      case 'process':
        return this.edgesFrom(id, 'part_of').find((e) => this.byId.get(e.to)!.kind === 'unit')?.to;
      case 'asset':
      case 'signal': {
        const holder = node.kind === 'asset' ? node.def.process : node.def.measures;
        return holder !== undefined && this.byId.has(holder) ? this.unitOf(holder) : undefined;
      }
      case 'opcua_server':
      case 'perspective':
        // Model-wide nodes: they belong to no unit.
        return undefined;
    }
  }

  /** KPIs whose value depends on a signal or KPI, directly or through other KPIs, in evaluation order. */
  kpisDependingOn(id: Id): Id[] {
    if (!this.byId.has(id)) throw new BscError(BscErrorCode.NotFound, `unknown twin node '${id}'`);
    const dependents = this.reach(id, (at) => this.edgesTo(at, 'computed_from').map((e) => e.from));
    return this.inKpiOrder([...dependents]);
  }

  /** Every KPI after the KPIs its formula reads: the order in which to evaluate them. */
  topologicalKpiOrder(): Id[] {
    return [...this.kpiRanking().order];
  }

  private kpiRanking(): { order: Id[]; rank: Map<Id, number> } {
    if (!this.kpiOrder) {
      const kpis = this.nodes('kpi').map((n) => n.id);
      const order = topologicalOrder(kpis, (id) => this.edgesFrom(id, 'computed_from').map((e) => e.to));
      if (!order) throw new BscError(BscErrorCode.ModelInvalid, 'KPI formulas depend on each other in a cycle');
      this.kpiOrder = { order, rank: new Map(order.map((id, i) => [id, i])) };
    }
    return this.kpiOrder;
  }

  private inKpiOrder(ids: Id[]): Id[] {
    const { rank } = this.kpiRanking();
    return ids.filter((id) => rank.has(id)).sort((a, b) => rank.get(a)! - rank.get(b)!);
  }

  /** Ids reachable from `start` (excluding it) through `next`. */
  private reach(start: Id, next: (id: Id) => Id[]): Set<Id> {
    const seen = new Set<Id>();
    const stack = [start];
    while (stack.length > 0) {
      for (const id of next(stack.pop()!)) {
        if (id === start || seen.has(id)) continue;
        seen.add(id);
        stack.push(id);
      }
    }
    return seen;
  }

  private neighbours(id: Id): Id[] {
    return [...this.edgesFrom(id).map((e) => e.to), ...this.edgesTo(id).map((e) => e.from)];
  }

  private induced(ids: ReadonlySet<Id>): TwinSubgraph {
    const nodes = [...ids].map((id) => this.byId.get(id)!);
    const edges = nodes.flatMap((n) => this.edgesFrom(n.id).filter((e) => ids.has(e.to)));
    return { nodes, edges };
  }

  private unitParent(unitId: Id): Id | undefined {
    return this.edgesFrom(unitId, 'part_of').find((e) => this.byId.get(e.to)!.kind === 'unit')?.to;
  }

  private requireKind(id: Id, kind: TwinNodeKind): void {
    const node = this.byId.get(id);
    if (!node) throw new BscError(BscErrorCode.NotFound, `unknown ${kind} '${id}'`);
    if (node.kind !== kind) throw new BscError(BscErrorCode.BadInput, `'${id}' is a ${node.kind}, not a ${kind}`);
  }
}

function typedKey(id: Id, type: TwinEdgeType): string {
  return `${id}\u0000${type}`;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
