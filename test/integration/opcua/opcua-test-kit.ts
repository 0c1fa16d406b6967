import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpcUaServerDef, SignalDef, TwinModel } from '@bsc/twin';
import type { OpcUaModelSource } from '../../../apps/ingestion/src/connectors/opcua/opcua-connector.service';
import type {
  DeadLetterInput,
  RawSampleInput,
  SampleIntake,
  SubmitResult,
} from '../../../apps/ingestion/src/pipeline/sample-intake.port';
import {
  SimulatorOpcUaServer,
  type SimulatedVariableSpec,
  type SimulatorOpcUaServerOptions,
} from '../../../apps/ingestion/src/simulator/transports/simulator-opcua-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `bsc-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Records what the connector submits. */
export class RecordingSampleIntake implements SampleIntake {
  readonly samples: RawSampleInput[] = [];
  readonly deadLetters: DeadLetterInput[] = [];

  submit(batch: readonly RawSampleInput[]): Promise<SubmitResult> {
    this.samples.push(...batch);
    return Promise.resolve({ accepted: batch.length, rejected: 0, duplicates: 0 });
  }

  deadLetter(entry: DeadLetterInput): Promise<void> {
    this.deadLetters.push(entry);
    return Promise.resolve();
  }

  find(signalId: string, predicate: (s: RawSampleInput) => boolean = () => true): RawSampleInput | undefined {
    return this.samples.find((s) => s.signalId === signalId && predicate(s));
  }
}

type ModelSnapshot = { model: TwinModel; version: number; importedAt: number };

/** An ActiveModel whose model the test can replace, notifying listeners like the real one. */
export class FakeActiveModel implements OpcUaModelSource {
  private snapshot: ModelSnapshot;
  private readonly listeners = new Set<(snapshot: ModelSnapshot) => void>();

  constructor(model: TwinModel) {
    this.snapshot = { model, version: 1, importedAt: 0 };
  }

  current(): ModelSnapshot {
    return this.snapshot;
  }

  onChange(listener: (snapshot: ModelSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  replace(model: TwinModel): void {
    this.snapshot = { model, version: this.snapshot.version + 1, importedAt: Date.now() };
    for (const listener of this.listeners) listener(this.snapshot);
  }
}

export const TEST_VARIABLES: SimulatedVariableSpec[] = [
  { identifier: 'Line1.Speed', dataType: 'Double', initial: 0 },
  { identifier: 'Line1.GoodCount', dataType: 'Int32', initial: 0 },
  { identifier: 'Line1.State', dataType: 'Int32', initial: 0 },
  { identifier: 'Line2.Oven.Temperature', dataType: 'Double', initial: 180 },
];

export function opcuaSignal(id: string, identifier: string, extra: Partial<SignalDef> = {}): SignalDef {
  return {
    id,
    name: id,
    unit: '',
    dataType: 'double',
    source: { kind: 'opcua', server: 'test-opc', nodeId: `ns=1;s=${identifier}`, samplingInterval: 100 },
    ...extra,
  };
}

export function modelWith(server: Partial<OpcUaServerDef> & { endpoint: string }, signals: SignalDef[]): TwinModel {
  return {
    apiVersion: 'bsc.twin/v1',
    id: 'opcua-test',
    name: 'OPC UA test',
    calendar: { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 },
    units: [{ id: 'plant', name: 'Plant' }],
    perspectives: [],
    objectives: [],
    links: [],
    kpis: [],
    processes: [],
    assets: [],
    edges: [],
    opcuaServers: [
      { id: 'test-opc', securityMode: 'None', securityPolicy: 'None', publishingInterval: 100, ...server },
    ],
    signals,
    initiatives: [],
  };
}

/** A simulator OPC UA server started on a free port, with the test variables unless others are given. */
export async function startTestServer(
  options: Omit<SimulatorOpcUaServerOptions, 'port' | 'variables'> & { variables?: SimulatedVariableSpec[] },
): Promise<SimulatorOpcUaServer> {
  const server = new SimulatorOpcUaServer({ variables: TEST_VARIABLES, ...options, port: await freePort() });
  await server.start();
  return server;
}
