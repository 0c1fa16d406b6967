/*
 * Child process of `bench:opcua`: the simulator's OPC UA server (node-opcua, security None) with `--items` Double
 * variables Load.V0 … Load.V<n-1>, every one set to a new value with a fresh source timestamp every `--interval` ms.
 * It tells its parent (IPC) when it listens; it pauses and resumes its ticks on request and answers with how many
 * values it has set so far.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatorOpcUaServer } from '../../../apps/ingestion/src/simulator/transports/simulator-opcua-server';

export type LoadServerMessage = { ready: true; endpoint: string } | { updates: number; ticks: number };
export type LoadServerCommand = 'pause' | 'resume' | 'count';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ITEMS = arg('items', 10_000);
const INTERVAL_MS = arg('interval', 1_000);
const PORT = arg('port', 4841);

/** The variable of item i, as the bench's model binds it (`ns=1;s=Load.V<i>`). */
export const loadIdentifier = (i: number): string => `Load.V${i}`;

async function main(): Promise<void> {
  const pkiDir = mkdtempSync(join(tmpdir(), 'bsc-opcua-load-'));
  const identifiers = Array.from({ length: ITEMS }, (_, i) => loadIdentifier(i));
  const server = new SimulatorOpcUaServer({
    port: PORT,
    resourcePath: '/UA/Load',
    pkiDir,
    rootName: 'Bench',
    variables: identifiers.map((identifier) => ({ identifier, dataType: 'Double', initial: 0 })),
  });
  await server.start();
  let updates = 0;
  let ticks = 0;
  let paused = false;
  // One tick sets every variable; each tick's values share its timestamp, as a PLC scan would.
  const timer = setInterval(() => {
    if (paused) return;
    ticks += 1;
    const now = new Date();
    for (let i = 0; i < identifiers.length; i++) server.setValue(identifiers[i], ticks + i / 1e6, 0, now);
    updates += identifiers.length;
  }, INTERVAL_MS);
  // 'pause' and 'resume' let the parent count whole ticks; every message is answered with the counts so far.
  process.on('message', (command: LoadServerCommand) => {
    if (command === 'pause') paused = true;
    if (command === 'resume') paused = false;
    process.send?.({ updates, ticks } satisfies LoadServerMessage);
  });
  process.once('SIGTERM', () => {
    clearInterval(timer);
    void server.stop().finally(() => {
      rmSync(pkiDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  process.send?.({ ready: true, endpoint: server.endpointUrl } satisfies LoadServerMessage);
}

if (require.main === module) void main();
