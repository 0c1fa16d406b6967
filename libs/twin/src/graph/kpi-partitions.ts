import type { Id } from '../model/twin-model.types';
import type { TwinGraph } from './twin-graph';

/** Which partition each signal and KPI belongs to. */
export interface KpiPartitioning {
  partitions: number;
  signal: ReadonlyMap<Id, number>;
  kpi: ReadonlyMap<Id, number>;
}

/**
 * Splits the KPI computation into independent groups: signals and KPIs connected by `computed_from` edges (a KPI
 * reads a signal or another KPI) form one group, so one partition owner sees every input of its KPIs. A group goes to
 * the partition given by a stable hash of its smallest signal id (its smallest KPI id when it reads no signal): a new
 * model version moves a group only when that id changes or two groups merge.
 */
export function kpiPartitions(graph: TwinGraph, partitions: number): KpiPartitioning {
  if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError('partitions must be a positive integer');
  const parent = new Map<Id, Id>();
  const find = (id: Id): Id => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // path halving keeps later finds short
    for (let at = id; at !== root;) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const members = [...graph.nodes('signal'), ...graph.nodes('kpi')];
  for (const node of members) parent.set(node.id, node.id);
  for (const edge of graph.edges()) {
    if (edge.type !== 'computed_from' || !parent.has(edge.from) || !parent.has(edge.to)) continue;
    const a = find(edge.from);
    const b = find(edge.to);
    if (a !== b) parent.set(a, b);
  }

  const key = new Map<Id, { signal?: Id; kpi?: Id }>();
  for (const node of members) {
    const root = find(node.id);
    const k = key.get(root) ?? {};
    const field = node.kind === 'signal' ? 'signal' : 'kpi';
    if (k[field] === undefined || node.id < k[field]) k[field] = node.id;
    key.set(root, k);
  }
  const signal = new Map<Id, number>();
  const kpi = new Map<Id, number>();
  for (const node of members) {
    const k = key.get(find(node.id))!;
    const partition = fnv1a(k.signal ?? k.kpi!) % partitions;
    (node.kind === 'signal' ? signal : kpi).set(node.id, partition);
  }
  return { partitions, signal, kpi };
}

/** 32-bit FNV-1a: the same on every process and every run, unlike anything keyed on object identity. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The log partition a new sample of `signalId` is appended to (intake and `bsc import samples` alike): its group's.
 * A signal the model in force no longer knows (changed since validation) has no KPIs: any partition will do.
 */
export function samplePartition(partitioning: KpiPartitioning, signalId: Id): number {
  return partitioning.signal.get(signalId) ?? 0;
}
