import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './spawn-app';
import { waitForPort } from './wait';

export interface MosquittoOptions {
  /** QoS 1 queues and sessions survive a restart (default true). */
  persistence?: boolean;
  /** Messages queued per client beyond those in flight; 0 = no bound (the default: a test's queue never drops). */
  maxQueuedMessages?: number;
  /** Outgoing QoS 1/2 messages in flight per client (MQTT 3.1.1; an MQTT 5 client's receive maximum governs its own). */
  maxInflightMessages?: number;
}

/** A Mosquitto of the test's own on a free port, by default with persistence (sessions survive a restart). */
export class MosquittoBroker {
  private process: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
    const dir = mkdtempSync(join(tmpdir(), 'bsc-faults-mqtt-'));
    const broker = new MosquittoBroker(await freePort(), dir);
    const persistence = options.persistence ?? true;
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${broker.port} 127.0.0.1`,
        'allow_anonymous true',
        `persistence ${persistence}`,
        ...(persistence ? [`persistence_location ${dir}/`] : []),
        // Queue every QoS 1 message for an offline persistent session (the default keeps 1,000).
        `max_queued_messages ${options.maxQueuedMessages ?? 0}`,
        ...(options.maxInflightMessages === undefined ? [] : [`max_inflight_messages ${options.maxInflightMessages}`]),
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

  /** The configuration file's settings, for a report (comments and blank lines left out). */
  get settings(): string[] {
    return readFileSync(join(this.dir, 'mosquitto.conf'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
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
