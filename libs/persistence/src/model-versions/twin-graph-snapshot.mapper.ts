import type { TwinGraph } from '@bsc/twin';
import type { TwinGraphSnapshot } from './model-version.types';

/**
 * The stored form of a version's graph: exactly the nodes and edges of @bsc/twin's TwinGraph (one row per edge,
 * its attributes as props), so a stored version answers the same graph queries as the model it came from.
 */
export function toGraphSnapshot(graph: TwinGraph): TwinGraphSnapshot {
  return {
    nodes: graph.nodes().map((n) => ({ id: n.id, kind: n.kind, name: n.name, props: { ...n.def } })),
    edges: graph.edges().map(({ from, to, type, ...props }) => ({ from, to, type, props: { ...props } })),
  };
}
