import { Injectable } from '@nestjs/common';

export interface SourceActivity {
  samples: number;
  lastSampleAt: number | null;
  lagMs: number | null;
}

/**
 * Samples received per source ("mqtt", "opcua:plant-north-opc", "http"...), the last receipt and its lag behind
 * the newest sample's own timestamp. The pipeline records once per source and batch, never per sample.
 */
@Injectable()
export class ConnectorActivity {
  private readonly bySource = new Map<string, SourceActivity>();

  record(source: string, count: number, newestTs: number, receivedAt: number): void {
    const activity = this.bySource.get(source) ?? { samples: 0, lastSampleAt: null, lagMs: null };
    activity.samples += count;
    activity.lastSampleAt = receivedAt;
    activity.lagMs = Number.isFinite(newestTs) ? Math.max(0, receivedAt - newestTs) : null;
    this.bySource.set(source, activity);
  }

  of(source: string): SourceActivity | undefined {
    return this.bySource.get(source);
  }

  sources(): string[] {
    return [...this.bySource.keys()];
  }
}
