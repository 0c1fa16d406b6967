import { execFile } from 'node:child_process';

export interface LoadFigures {
  reqPerSec: number;
  /** Requests answered in the sampled part of the run (warm-up excluded). */
  answered: number;
  /** Latency percentiles; null when nothing was answered (autocannon then reports 0, which would read as instant). */
  p50Ms: number | null;
  p99Ms: number | null;
  errors: number;
  non2xx: number;
  /**
   * This process's CPU (user + system) per answered request, warm-up included: the server's cost when it runs in
   * this process (bench:api), steadier than req/s on a loaded machine. Absent when the server runs elsewhere.
   */
  cpuMsPerRequest?: number;
}

/** autocannon's JSON result, the fields used here. */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

/**
 * autocannon in its own process (its CLI, JSON output): a load generator sharing the server's event loop would
 * add its own work to every latency it measures.
 */
export async function load(
  url: string,
  body: string,
  headers: Record<string, string>,
  connections: number,
  duration: number,
  /** `rate`: requests per second from all connections together (autocannon's overallRate); none: each connection
   * sends its next request as soon as the last is answered (closed loop: as many as the server can answer). */
  options: { serverInProcess?: boolean; rate?: number } = {},
): Promise<LoadFigures> {
  const cli = require.resolve('autocannon/autocannon.js');
  const headerArgs = Object.entries({ 'content-type': 'application/json', ...headers }).flatMap(([k, v]) => [
    '-H',
    `${k}=${v}`,
  ]);
  // a 2 s warm-up at the same load, not sampled: JIT and first-allocation pauses are not the steady state
  const rate = options.rate === undefined ? [] : ['-R', String(options.rate)];
  const warmup = ['--warmup', '[', '-c', String(connections), '-d', '2', ...rate, ']'];
  const args = [
    cli,
    '-c',
    String(connections),
    '-d',
    String(duration),
    ...rate,
    ...warmup,
    '-m',
    'POST',
    ...headerArgs,
    '-b',
    body,
    '-j',
    url,
  ];
  const cpuBefore = process.cpuUsage();
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, out) =>
      error ? reject(new Error(`autocannon failed: ${error.message}`, { cause: error })) : resolve(out),
    );
  });
  const cpu = process.cpuUsage(cpuBefore);
  // with a warm-up, autocannon prints the warm-up result first: the sampled one is the last line
  const runs = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AutocannonResult);
  const result = runs[runs.length - 1];
  const requests = runs.reduce((sum, run) => sum + run.requests.total, 0);
  const answered = result.requests.total;
  const figures: LoadFigures = {
    reqPerSec: result.requests.average,
    answered,
    p50Ms: answered > 0 ? result.latency.p50 : null,
    p99Ms: answered > 0 ? result.latency.p99 : null,
    errors: result.errors,
    non2xx: result.non2xx,
  };
  if (options.serverInProcess) {
    figures.cpuMsPerRequest = Math.round(((cpu.user + cpu.system) / 1000 / requests) * 1000) / 1000;
  }
  return figures;
}
