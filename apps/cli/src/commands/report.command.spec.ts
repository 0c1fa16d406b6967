import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { registerReportCommand } from './report.command';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('bsc report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-cli-report-'));
  let calls: Array<{ url: string; headers: unknown }>;
  let out: Capture;

  const run = (answer: Response, env: { url: string; apiKey?: string }, ...args: string[]): Promise<unknown> => {
    calls = [];
    out = new Capture();
    const program = new Command().exitOverride();
    const fetchFake = (url: string, init?: RequestInit): Promise<Response> => {
      calls.push({ url, headers: init?.headers });
      return Promise.resolve(answer);
    };
    registerReportCommand(program, {
      api: () => env,
      fetch: fetchFake as unknown as typeof fetch,
      stdout: out,
    });
    return program.parseAsync(['node', 'bsc', 'report', ...args]);
  };

  it('asks the running platform for the book and writes the answer to --out', async () => {
    const file = join(dir, 'plant.pdf');
    await run(
      new Response('%PDF-1.4 fake', { status: 200 }),
      { url: 'http://bsc.example:3000/', apiKey: 'bsc_env' },
      ...['--unit', 'plant-north', '--period', 'FY2026-Q4', '--out', file],
    );

    expect(calls).toEqual([
      {
        url: 'http://bsc.example:3000/reports/briefing-book?unit=plant-north&period=FY2026-Q4&format=pdf',
        headers: { 'x-api-key': 'bsc_env' },
      },
    ]);
    expect(readFileSync(file, 'utf8')).toBe('%PDF-1.4 fake');
    expect(out.text).toBe(`wrote ${file} (13 bytes)\n`);
  });

  it('takes --url and --api-key over the environment, and csv as format', async () => {
    await run(
      new Response('unit\r\n', { status: 200 }),
      { url: 'http://ignored' },
      ...['--unit', 'acme', '--period', '2026-11', '--out', join(dir, 'k.csv'), '--format', 'csv'],
      ...['--url', 'http://127.0.0.1:4000', '--api-key', 'bsc_flag'],
    );

    expect(calls[0]).toEqual({
      url: 'http://127.0.0.1:4000/reports/briefing-book?unit=acme&period=2026-11&format=csv',
      headers: { 'x-api-key': 'bsc_flag' },
    });
  });

  it('names the refusal of the platform and a missing key', async () => {
    const args = ['--unit', 'acme', '--period', 'Nov', '--out', join(dir, 'x.pdf')];
    await expect(
      run(
        new Response("period: 'Nov' is not a period key", { status: 400 }),
        { url: 'http://h', apiKey: 'k' },
        ...args,
      ),
    ).rejects.toThrow(
      "http://h/reports/briefing-book?unit=acme&period=Nov&format=pdf: HTTP 400: period: 'Nov' is not a period key",
    );
    // names the command that issues a key: `bsc api-key create` (there is no `bsc api-key issue`)
    await expect(run(new Response(''), { url: 'http://h' }, ...args)).rejects.toThrow(
      'an API key is required: --api-key or BSC_API_KEY (bsc api-key create --role ...)',
    );
    await expect(run(new Response(''), { url: 'http://h', apiKey: 'k' }, ...args, '--format', 'xlsx')).rejects.toThrow(
      "--format: 'xlsx' is not pdf or csv",
    );
  });
});
