import type { TwinEdgeView, TwinIndex, TwinNodeKind, TwinNodeView } from './twin-index';

export const MAX_GRAPH_NODES = 2_000;

export interface Subgraph {
  nodes: TwinNodeView[];
  edges: TwinEdgeView[];
  truncated: boolean;
}

/** Breadth-first in both directions from a root, up to `depth` hops; `visible` prunes what the caller may not see. */
export function neighbourhood(
  index: TwinIndex,
  rootId: string,
  depth: number,
  kinds: readonly TwinNodeKind[] | null,
  visible: (node: TwinNodeView) => boolean,
): Subgraph {
  const seen = new Set<string>([rootId]);
  let frontier = [rootId];
  let truncated = false;
  for (let hop = 0; hop < depth && frontier.length > 0 && !truncated; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of [...index.edgesFrom(id), ...index.edgesTo(id)]) {
        const other = edge.from === id ? edge.to : edge.from;
        const node = index.nodes.get(other);
        if (!node || seen.has(other) || !visible(node)) continue;
        if (seen.size >= MAX_GRAPH_NODES) {
          truncated = true;
          break;
        }
        seen.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  const kindSet = kinds ? new Set(kinds) : null;
  const nodes = [...seen].map((id) => index.nodes.get(id) as TwinNodeView).filter((n) => n.id === rootId || !kindSet || kindSet.has(n.kind));
  return { nodes, edges: edgesAmong(index, nodes), truncated };
}

/** Where a KPI's data comes from (signals, their assets, upstream KPIs) and what it serves (objectives, perspectives). */
export function lineageOf(index: TwinIndex, kpiId: string): Subgraph {
  const ids = new Set<string>([kpiId]);
  const upstream = [kpiId];
  while (upstream.length > 0) {
    const id = upstream.pop() as string;
    for (const edge of index.edgesTo(id)) {
      if (edge.kind === 'feeds' && !ids.has(edge.from)) {
        ids.add(edge.from);
        upstream.push(edge.from);
      }
    }
    for (const edge of index.edgesFrom(id)) if (edge.kind === 'measured_by') ids.add(edge.to);
  }
  const downstream = [kpiId];
  while (downstream.length > 0) {
    const id = downstream.pop() as string;
    for (const edge of index.edgesFrom(id)) {
      if (['contributes_to', 'in_perspective', 'feeds'].includes(edge.kind) && !ids.has(edge.to)) {
        ids.add(edge.to);
        downstream.push(edge.to);
      }
    }
  }
  const nodes = [...ids].map((id) => index.nodes.get(id)).filter((n): n is TwinNodeView => n !== undefined);
  return { nodes, edges: edgesAmong(index, nodes), truncated: false };
}

function edgesAmong(index: TwinIndex, nodes: readonly TwinNodeView[]): TwinEdgeView[] {
  const ids = new Set(nodes.map((n) => n.id));
  return nodes.flatMap((n) => index.edgesFrom(n.id).filter((e) => ids.has(e.to)));
}
