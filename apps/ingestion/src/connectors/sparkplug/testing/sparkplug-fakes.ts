import type { UPayload } from 'sparkplug-payload/lib/sparkplugbpayload';
import {
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  parseSparkplugTopic,
  type SparkplugTopic,
} from '../sparkplug-codec';

export const T0 = Date.UTC(2026, 10, 22, 12);

/** Builds Sparkplug messages as an edge node would send them, through the real protobuf encoding. */
export class EdgeNode {
  private seq = 0;
  constructor(
    readonly group = 'acme',
    readonly node = 'node1',
  ) {}

  msg(
    type: SparkplugTopic['type'],
    metrics: UPayload['metrics'],
    opts: { device?: string; seq?: number; bdSeq?: number; timestamp?: number | null } = {},
  ): [SparkplugTopic, UPayload] {
    if (type === 'NBIRTH') this.seq = 0;
    const seq = opts.seq ?? (type === 'NDEATH' ? undefined : this.seq++ % 256);
    const all =
      type === 'NBIRTH' || type === 'NDEATH'
        ? [...(metrics ?? []), { name: 'bdSeq', type: 'UInt64' as const, value: opts.bdSeq ?? 0 }]
        : metrics;
    // null: a payload without a timestamp (an NDEATH will may carry none)
    const timestamp = opts.timestamp === null ? undefined : (opts.timestamp ?? T0);
    const bytes = encodeSparkplugPayload({ timestamp, seq, metrics: all });
    const decoded = decodeSparkplugPayload(bytes);
    if (!decoded.ok) throw new Error(decoded.detail);
    const topic = `spBv1.0/${this.group}/${type}/${this.node}${opts.device ? `/${opts.device}` : ''}`;
    return [parseSparkplugTopic(topic)!, decoded.payload];
  }

  birth(): [SparkplugTopic, UPayload] {
    return this.msg('NBIRTH', [{ name: 'Running', alias: 1, type: 'Boolean', value: true }]);
  }

  deviceBirth(device = 'dev1'): [SparkplugTopic, UPayload] {
    return this.msg('DBIRTH', [{ name: 'Vibration/RMS', alias: 10, type: 'Double', value: 1.5 }], { device });
  }
}
