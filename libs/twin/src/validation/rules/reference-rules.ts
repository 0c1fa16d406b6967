import { issuePath } from '../issue-path';
import { NODE_KIND_LABEL, type NodeKind, type RuleContext } from './rule-context';

/** Reports a reference that names no node, or a node of the wrong kind. Non-strings were reported by the schema. */
export function checkReference(ctx: RuleContext, path: string, ref: unknown, expected: readonly NodeKind[]): void {
  if (typeof ref !== 'string' || ref === '') return;
  const node = ctx.nodes.get(ref);
  const wanted = expected.map((k) => NODE_KIND_LABEL[k]).join(' or ');
  if (!node) ctx.issues.add(path, `unknown ${wanted} '${ref}'`);
  else if (!expected.includes(node.kind))
    ctx.issues.add(path, `'${ref}' is a ${NODE_KIND_LABEL[node.kind]}, expected ${wanted}`);
}

const EDGE_ENDS: Readonly<Record<string, readonly [readonly NodeKind[], readonly NodeKind[]]>> = {
  part_of: [
    ['unit', 'process', 'asset'],
    ['unit', 'process', 'asset'],
  ],
  feeds: [
    ['process', 'asset'],
    ['process', 'asset'],
  ],
  measured_by: [['signal'], ['asset', 'process']],
};

/** Every reference between nodes points at an existing node of the right kind. */
export function referenceRule(ctx: RuleContext): void {
  const { model } = ctx;
  model.units.forEach((u, i) => checkReference(ctx, issuePath('units', i, 'parent'), u.parent, ['unit']));
  model.objectives.forEach((o, i) => {
    checkReference(ctx, issuePath('objectives', i, 'unit'), o.unit, ['unit']);
    checkReference(ctx, issuePath('objectives', i, 'perspective'), o.perspective, ['perspective']);
    o.kpis.forEach((ref, j) => checkReference(ctx, issuePath('objectives', i, 'kpis', j, 'kpi'), ref.kpi, ['kpi']));
  });
  model.links.forEach((l, i) => {
    checkReference(ctx, issuePath('links', i, 'from'), l.from, ['objective']);
    checkReference(ctx, issuePath('links', i, 'to'), l.to, ['objective']);
  });
  model.kpis.forEach((k, i) => {
    checkReference(ctx, issuePath('kpis', i, 'orgUnit'), k.orgUnit, ['unit']);
    checkReference(ctx, issuePath('kpis', i, 'perspective'), k.perspective, ['perspective']);
  });
  model.processes.forEach((p, i) => {
    checkReference(ctx, issuePath('processes', i, 'unit'), p.unit, ['unit']);
    checkReference(ctx, issuePath('processes', i, 'parent'), p.parent, ['process']);
  });
  model.assets.forEach((a, i) => checkReference(ctx, issuePath('assets', i, 'process'), a.process, ['process']));
  model.calendar.plannedDowntime?.forEach((w, i) =>
    w.scope.forEach((id, j) =>
      checkReference(ctx, issuePath('calendar', 'plannedDowntime', i, 'scope', j), id, ['process', 'asset']),
    ),
  );
  model.edges.forEach((e, i) => {
    const ends = EDGE_ENDS[e.type];
    if (!ends) return;
    checkReference(ctx, issuePath('edges', i, 'from'), e.from, ends[0]);
    checkReference(ctx, issuePath('edges', i, 'to'), e.to, ends[1]);
  });
  model.signals.forEach((s, i) => {
    checkReference(ctx, issuePath('signals', i, 'measures'), s.measures, ['asset', 'process']);
    if (s.source.kind === 'opcua')
      checkReference(ctx, issuePath('signals', i, 'source', 'opcua', 'server'), s.source.server, ['opcua_server']);
  });
  model.initiatives.forEach((n, i) => {
    checkReference(ctx, issuePath('initiatives', i, 'unit'), n.unit, ['unit']);
    n.objectives.forEach((ref, j) =>
      checkReference(ctx, issuePath('initiatives', i, 'objectives', j), ref, ['objective']),
    );
    n.kpis.forEach((ref, j) => checkReference(ctx, issuePath('initiatives', i, 'kpis', j), ref, ['kpi']));
  });
}
