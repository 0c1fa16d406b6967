import type { TwinIndex, TwinNodeView } from './twin-index';

/**
 * The explorer's tree over the twin graph: units -> child units and top-level processes -> sub-processes, assets
 * and the signals measuring them -> KPIs computed from a signal -> objectives a KPI contributes to. Read off the
 * graph's indexed edges, so listing a node's children costs its own edges, not the model's size.
 */
export function explorerChildren(index: TwinIndex, parentId: string | null): TwinNodeView[] {
  const { graph } = index;
  const views = (ids: Iterable<string>): TwinNodeView[] => {
    const out: TwinNodeView[] = [];
    for (const id of new Set(ids)) {
      const view = index.nodes.get(id);
      if (view) out.push(view);
    }
    return out;
  };
  if (parentId === null) return views(index.rootUnits().map((u) => u.id));
  const node = graph.node(parentId);
  if (!node) return [];
  const into = (type: 'part_of' | 'measured_by' | 'computed_from') => graph.edgesTo(parentId, type).map((e) => e.from);
  const kindOf = (id: string) => graph.node(id)?.kind;
  switch (node.kind) {
    case 'unit':
      return views(
        into('part_of').filter((id) => {
          const child = graph.node(id);
          // a sub-process is listed under its parent process, not under the unit as well
          return child?.kind === 'unit' || (child?.kind === 'process' && !child.def.parent);
        }),
      );
    case 'process':
      return views([
        ...into('part_of').filter((id) => kindOf(id) === 'process' || kindOf(id) === 'asset'),
        ...into('measured_by').filter((id) => kindOf(id) === 'signal'),
      ]);
    case 'asset':
      return views(into('measured_by').filter((id) => kindOf(id) === 'signal'));
    case 'signal':
      return views(into('computed_from').filter((id) => kindOf(id) === 'kpi'));
    case 'kpi':
      return views(graph.edgesFrom(parentId, 'contributes_to').map((e) => e.to));
    case 'objective':
    case 'perspective':
    case 'initiative':
    case 'opcua_server':
      return [];
  }
}
