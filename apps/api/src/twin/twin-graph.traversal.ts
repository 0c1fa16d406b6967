import type { TwinEdge, TwinNode } from '@bsc/twin';
import type { TwinIndex, TwinNodeKind, TwinNodeView } from './twin-index';

export const MAX_GRAPH_NODES = 2_000;

export interface Subgraph {
  nodes: TwinNodeView[];
  edges: TwinEdge[];
  truncated: boolean;
}

/**
 * The version's TwinGraph around a root, up to `depth` hops both ways; `visible` prunes what the caller may not
 * see (not walked through either). `kinds` only filters what is returned: the walk passes through other kinds.
 */
export function neighbourhood(
  index: TwinIndex,
  rootId: string,
  depth: number,
  kinds: readonly TwinNodeKind[] | null,
  visible: (node: TwinNodeView) => boolean,
): Subgraph {
  const canEnter = (node: TwinNode): boolean => visible(index.nodes.get(node.id)!);
  const sub = index.graph.subgraph(rootId, depth, undefined, { canEnter, maxNodes: MAX_GRAPH_NODES });
  const kindSet = kinds ? new Set(kinds) : null;
  const nodes = sub.nodes.filter((n) => n.id === rootId || !kindSet || kindSet.has(n.kind));
  return among(index, nodes, sub.edges, sub.truncated);
}

/** The TwinGraph's lineage of a KPI (signals, their sources and assets, upstream KPIs, objectives, perspectives). */
export function lineageOf(index: TwinIndex, kpiId: string): Subgraph {
  const sub = index.graph.lineage(kpiId);
  return among(index, sub.nodes, sub.edges, false);
}

function among(index: TwinIndex, nodes: readonly TwinNode[], edges: readonly TwinEdge[], truncated: boolean): Subgraph {
  const ids = new Set(nodes.map((n) => n.id));
  return {
    nodes: nodes.map((n) => index.nodes.get(n.id)!),
    edges: edges.filter((e) => ids.has(e.from) && ids.has(e.to)),
    truncated,
  };
}
