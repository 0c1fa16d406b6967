import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './spawn-app';

/** The OS user that owns the cluster: initdb refuses to run as root, so as root we hand it to `postgres`. */
const asRoot = process.getuid?.() === 0;
const OWNER = 'postgres';

/** Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<version>/bin, off the PATH: the newest serves then. */
function pgBinary(name: string): string {
  if (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0) return name;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const found = versions
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, 'bin', name))
    .find((path) => existsSync(path));
  return found ?? name;
}

function run(command: string, args: string[]): string {
  const binary = pgBinary(command);
  const [file, argv] = asRoot ? ['runuser', ['-u', OWNER, '--', binary, ...args]] : [binary, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * A PostgreSQL cluster of the test's own (initdb into a temp folder, a free port), so a test can stop and start it
 * without touching anyone else's database.
 */
export class PostgresCluster {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'bsc-faults-pg-'));
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', OWNER], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', OWNER], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    run('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    const cluster = new PostgresCluster(await freePort(), dir);
    cluster.resume();
    return cluster;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts (again) and waits until it accepts connections. */
  resume(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
    run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '30',
      'start',
    ]);
  }

  /** `immediate` is a crash: open connections break mid-statement, the restart replays the WAL. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', 'stop']);
  }

  async createDatabase(name: string): Promise<string> {
    await this.query('postgres', `CREATE DATABASE "${name}"`);
    return this.url(name);
  }

  async query<R = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<R[]> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as R[];
    } finally {
      await client.end();
    }
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
