import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { freePort } from './spawn-app';
import { until, waitForPort } from './wait';

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

interface NatsNode {
  name: string;
  port: number;
  args: string[];
  process: ChildProcess;
  output: string;
}

function spawnNode(node: Omit<NatsNode, 'process' | 'output'>): NatsNode {
  const started: NatsNode = { ...node, process: spawn(NATS_SERVER, node.args, { stdio: 'pipe' }), output: '' };
  started.process.stderr?.on('data', (chunk: Buffer) => (started.output += chunk.toString()));
  return started;
}

/** A JetStream cluster (or, of size 1, a server) of the test's own on loopback ports, each node with its own store folder. */
export class NatsCluster {
  private constructor(
    private readonly nodes: NatsNode[],
    private readonly dir: string,
  ) {}

  static async start(size = 3): Promise<NatsCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'bsc-scale-nats-'));
    const ports: Array<{ client: number; route: number }> = [];
    for (let i = 0; i < size; i++) ports.push({ client: await freePort(), route: await freePort() });
    const routes = ports.map((p) => `nats://127.0.0.1:${p.route}`).join(',');
    const nodes = ports.map(({ client, route }, i): NatsNode => {
      const name = `n${i + 1}`;
      const args = ['-js', '-sd', join(dir, name), '-a', '127.0.0.1', '-p', String(client), '-n', name];
      // one node runs standalone: a cluster of one never elects a JetStream meta leader
      if (size > 1)
        args.push('--cluster_name', 'bsc-scale', '--cluster', `nats://127.0.0.1:${route}`, '--routes', routes);
      return spawnNode({ name, port: client, args });
    });
    const cluster = new NatsCluster(nodes, dir);
    for (const node of nodes) {
      await waitForPort(node.port, 10_000, () =>
        node.process.exitCode !== null ? `${node.name} exited: ${node.output}` : undefined,
      );
    }
    // JetStream answers once the nodes elected a meta leader
    await until(
      async () => {
        const nc = await connect({ servers: cluster.urls });
        try {
          await (await nc.jetstreamManager()).getAccountInfo();
          return true;
        } finally {
          await nc.close();
        }
      },
      30_000,
      () => nodes.map((n) => n.output.slice(-1_000)).join('\n'),
    );
    return cluster;
  }

  /** Every node's client URL, comma-separated (EVENT_BUS_URL). */
  get urls(): string {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.port}`).join(',');
  }

  /** kill -9 of one node. */
  kill(index: number): void {
    this.nodes[index].process.kill('SIGKILL');
  }

  /** Starts a killed node again on its port and store folder (what it stored is back). */
  async restart(index: number): Promise<void> {
    const node = (this.nodes[index] = spawnNode(this.nodes[index]));
    await waitForPort(node.port, 10_000, () =>
      node.process.exitCode !== null ? `${node.name} exited: ${node.output}` : undefined,
    );
  }

  destroy(): void {
    for (const node of this.nodes) if (node.process.exitCode === null) node.process.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
