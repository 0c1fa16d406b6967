import type { SignalSourceDef, TwinEdge } from '@bsc/twin';
import type { TwinIndex, TwinNodeView } from '../twin-index';
import type { TwinEdgeType, TwinNodeType } from './twin.types';

export function describeSource(source: SignalSourceDef): string {
  switch (source.kind) {
    case 'opcua':
      return `opcua:${source.server} ${source.nodeId}`;
    case 'mqtt':
      return `mqtt:${source.topic} ${source.jsonPath}`;
    case 'sparkplug':
      return `sparkplug:${[source.group, source.edgeNode, source.device].filter(Boolean).join('/')} ${source.metric}`;
    case 'http':
    case 'manual':
      // pushed to the API: nothing beyond the kind identifies them
      return source.kind;
  }
}

export function toTwinNodeType(node: TwinNodeView, index: TwinIndex): TwinNodeType {
  const signal = node.kind === 'signal' ? index.signals.get(node.id) : undefined;
  return {
    id: node.id,
    kind: node.kind,
    name: node.name,
    unitId: node.unitId,
    source: signal ? describeSource(signal.source) : null,
  };
}

export function toTwinEdgeType(edge: TwinEdge): TwinEdgeType {
  return { from: edge.from, to: edge.to, kind: edge.type, derived: edge.derived };
}
