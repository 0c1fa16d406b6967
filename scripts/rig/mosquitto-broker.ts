import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './spawn-app';
import { waitForPort } from './wait';

/** A Mosquitto of the test's own, with persistence (QoS 1 queues and sessions survive a restart), on a free port. */
export class MosquittoBroker {
  private process: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<MosquittoBroker> {
    const dir = mkdtempSync(join(tmpdir(), 'bsc-faults-mqtt-'));
    const broker = new MosquittoBroker(await freePort(), dir);
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${broker.port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence true',
        `persistence_location ${dir}/`,
        // Queue every QoS 1 message for an offline persistent session (the default keeps 1,000).
        'max_queued_messages 0',
        // Started as root, Mosquitto would switch to its own user, which cannot write the temp folder.
        'user root',
        'log_dest stderr',
        'log_type error',
        'log_type warning',
      ].join('\n') + '\n',
    );
    await broker.resume();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and persistence folder. */
  async resume(): Promise<void> {
    const child = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.process = child;
    await waitForPort(this.port, 10_000, () =>
      child.exitCode !== null ? `mosquitto exited: ${this.output}` : undefined,
    );
  }

  /** SIGTERM: Mosquitto writes its persistence file, then exits. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
