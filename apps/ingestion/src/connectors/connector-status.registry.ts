import { Injectable } from '@nestjs/common';

export type ConnectorState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed' | 'stopped';

export interface ConnectorStatus {
  /** e.g. "mqtt", "opcua:plant-north-opc", "sparkplug:acme/plant-south". */
  id: string;
  kind: 'mqtt' | 'opcua' | 'sparkplug' | 'http' | 'simulator';
  state: ConnectorState;
  since: number;
  detail?: string;
  reconnects: number;
}

/** Every connector reports its state here; health and /metrics read it. */
@Injectable()
export class ConnectorStatusRegistry {
  private readonly statuses = new Map<string, ConnectorStatus>();

  report(id: string, kind: ConnectorStatus['kind'], state: ConnectorState, detail?: string): void {
    const previous = this.statuses.get(id);
    const reconnects =
      (previous?.reconnects ?? 0) + (state === 'reconnecting' && previous?.state !== 'reconnecting' ? 1 : 0);
    this.statuses.set(id, {
      id,
      kind,
      state,
      since: previous?.state === state ? previous.since : Date.now(),
      detail,
      reconnects,
    });
  }

  remove(id: string): void {
    this.statuses.delete(id);
  }

  all(): ConnectorStatus[] {
    return [...this.statuses.values()];
  }
}
