import { Injectable } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import type { Principal } from '../auth/principal';
import { canSeeNode } from '../auth/unit-scope';
import type { TwinGraphType, TwinNodeType } from './dto/twin.types';
import { toTwinEdgeType, toTwinNodeType } from './dto/to-twin.type.mapper';
import { lineageOf, neighbourhood, type Subgraph } from './twin-graph.traversal';
import type { TwinIndex, TwinNodeKind } from './twin-index';
import { TwinIndexService } from './twin-index.service';

@Injectable()
export class TwinService {
  constructor(private readonly twin: TwinIndexService) {}

  node(principal: Principal, id: string): TwinNodeType | null {
    const index = this.twin.current();
    const node = index.nodes.get(id);
    // an invisible node answers like a missing one: a scoped caller learns nothing about other units
    return node && canSeeNode(principal, index, node) ? toTwinNodeType(node, index) : null;
  }

  graph(principal: Principal, rootId: string, depth: number, kinds: TwinNodeKind[] | null): TwinGraphType {
    const index = this.twin.current();
    this.visibleRoot(principal, index, rootId, 'rootId');
    return this.toGraph(
      index,
      neighbourhood(index, rootId, depth, kinds, (n) => canSeeNode(principal, index, n)),
    );
  }

  lineage(principal: Principal, kpiId: string): TwinGraphType {
    const index = this.twin.current();
    const root = this.visibleRoot(principal, index, kpiId, 'kpiId');
    if (root.kind !== 'kpi')
      throw new BscError(BscErrorCode.BadInput, `kpiId: '${kpiId}' is a ${root.kind}, not a KPI`, 'kpiId');
    const sub = lineageOf(index, kpiId);
    const nodes = sub.nodes.filter((n) => canSeeNode(principal, index, n));
    const ids = new Set(nodes.map((n) => n.id));
    return this.toGraph(index, {
      nodes,
      edges: sub.edges.filter((e) => ids.has(e.from) && ids.has(e.to)),
      truncated: false,
    });
  }

  private visibleRoot(principal: Principal, index: TwinIndex, id: string, field: string) {
    const node = index.nodes.get(id);
    if (!node || !canSeeNode(principal, index, node))
      throw new BscError(BscErrorCode.NotFound, `${field}: no node '${id}'`, field);
    return node;
  }

  private toGraph(index: TwinIndex, sub: Subgraph): TwinGraphType {
    return {
      nodes: sub.nodes.map((n) => toTwinNodeType(n, index)),
      edges: sub.edges.map(toTwinEdgeType),
      truncated: sub.truncated,
    };
  }
}
