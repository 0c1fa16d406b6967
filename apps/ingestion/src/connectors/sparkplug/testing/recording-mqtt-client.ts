import { EventEmitter } from 'node:events';
import type { IClientOptions, IPublishPacket } from 'mqtt';

/** An mqtt.js client as far as the host application uses it: it records the topics it publishes to. */
export class RecordingClient extends EventEmitter {
  readonly published: string[] = [];
  connected = true;
  constructor(readonly options: IClientOptions) {
    super();
  }
  _sendPacket(): void {}
  handleMessage(): void {}
  publish(topic: string): void {
    this.published.push(topic);
  }
  subscribe(): void {}
  endAsync(): Promise<void> {
    return Promise.resolve();
  }
  /** A QoS 0 message from the broker (DeferredAcks has taken handleMessage over). */
  deliver(topic: string, payload: Buffer): void {
    const packet = { cmd: 'publish', topic, payload, qos: 0, dup: false, retain: false } as IPublishPacket;
    (this.handleMessage as (p: IPublishPacket, cb: () => void) => void)(packet, () => undefined);
  }
}
