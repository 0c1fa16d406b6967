import type { SignalSample } from '@bsc/common';
import type { SignalDef, SignalSourceDef } from '@bsc/twin';
import type { SampleHistory } from '@bsc/persistence';
import { describeSource } from '../../twin/dto/to-twin.type.mapper';
import type { SignalHistoryType } from './signal-history.types';
import type { SignalBindingType, SignalSampleType, SignalType } from './signal.types';

export function toSignalType(def: SignalDef, orgUnit: string | null, sample: SignalSample | undefined): SignalType {
  return {
    id: def.id,
    name: def.name,
    unit: def.unit,
    dataType: def.dataType,
    kind: def.kind ?? 'gauge',
    measures: def.measures ?? null,
    orgUnit,
    source: describeSource(def.source),
    binding: toSignalBinding(def.source),
    lastSample: sample ? toSampleView(sample) : null,
    quality: sample?.quality ?? null,
  };
}

export function toSignalBinding(source: SignalSourceDef): SignalBindingType {
  const binding: SignalBindingType = {
    protocol: source.kind,
    server: null,
    nodeId: null,
    topic: null,
    jsonPath: null,
    sparkplugNode: null,
    metric: null,
  };
  switch (source.kind) {
    case 'opcua':
      return { ...binding, server: source.server, nodeId: source.nodeId };
    case 'mqtt':
      return { ...binding, topic: source.topic, jsonPath: source.jsonPath };
    case 'sparkplug':
      return {
        ...binding,
        sparkplugNode: [source.group, source.edgeNode, source.device].filter(Boolean).join('/'),
        metric: source.metric,
      };
    case 'http':
    case 'manual':
      return binding;
  }
}

export function toSampleView(sample: SignalSample): SignalSampleType {
  return {
    ts: new Date(sample.ts),
    value: Number.isFinite(sample.value) ? sample.value : null,
    text: sample.text ?? null,
    quality: sample.quality,
    statusCode: sample.statusCode === undefined ? null : `0x${(sample.statusCode >>> 0).toString(16).padStart(8, '0')}`,
    source: sample.source,
  };
}

export function toSignalHistoryType(from: number, to: number, history: SampleHistory): SignalHistoryType {
  return {
    from: new Date(from),
    to: new Date(to),
    rawCount: history.rawCount,
    bucketMs: history.bucketMs,
    points: history.points.map((p) => ({ ts: new Date(p.ts), value: p.value })),
    buckets: history.buckets.map((b) => ({
      start: new Date(b.start),
      firstTs: new Date(b.firstTs),
      first: b.first,
      min: b.min,
      max: b.max,
      lastTs: new Date(b.lastTs),
      last: b.last,
      count: b.count,
    })),
  };
}
