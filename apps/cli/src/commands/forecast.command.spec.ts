import { Command, CommanderError } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { intervalPath, registerForecastCommand, runForecast } from './forecast.command';

const M4_STYLE = ['"V1","V2","V3","V4","V5","V6"', '"W1","10","11","12","13","14"', '"W2","5","5","5","",""'].join(
  '\n',
);

function quietSink(): { write: (t: string) => void; isTTY: boolean; text: () => string } {
  let out = '';
  return { write: (t) => (out += t), isTTY: false, text: () => out };
}

describe('forecast command', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bsc-forecast-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes id,F1..FH in input order and one file per interval bound', async () => {
    const train = join(dir, 'train.csv');
    writeFileSync(train, M4_STYLE);
    const out = join(dir, 'fc.csv');
    const sink = quietSink();
    const sut = await runForecast(
      { train, horizon: 3, period: 1, out, method: 'drift', intervals: [80, 95], global: 'off' },
      sink,
    );
    expect(sut).toEqual([
      out,
      join(dir, 'fc-lo-80.csv'),
      join(dir, 'fc-hi-80.csv'),
      join(dir, 'fc-lo-95.csv'),
      join(dir, 'fc-hi-95.csv'),
    ]);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual(['id,F1,F2,F3', 'W1,15,16,17', 'W2,5,5,5']);
    const lo = readFileSync(join(dir, 'fc-lo-95.csv'), 'utf8').trim().split('\n');
    const hi = readFileSync(join(dir, 'fc-hi-95.csv'), 'utf8').trim().split('\n');
    // a perfect line has zero residual spread: the bounds collapse on the forecasts
    expect(lo[1]).toBe('W1,15,16,17');
    expect(hi[1]).toBe('W1,15,16,17');
    expect(hi[2]).toBe('W2,5,5,5');
    expect(sink.text()).toContain('2/2 series');
  });

  it('says why the global model was not used when the batch is too small for one', async () => {
    const train = join(dir, 'train.csv');
    writeFileSync(train, M4_STYLE);
    const sink = quietSink();
    await runForecast(
      { train, horizon: 2, period: 1, out: join(dir, 'fc.csv'), method: 'naive', intervals: [], global: 'auto' },
      sink,
    );
    expect(sink.text()).toContain('global model: not used: too few training windows');
  });

  it.each([
    ['fc.csv', 'lo', 80, 'fc-lo-80.csv'],
    ['out/fc', 'hi', 95, 'out/fc-hi-95.csv'],
  ] as const)('names the interval file of %s (%s %d) %s', (out, side, level, expected) => {
    expect(intervalPath(out, side, level)).toBe(expected);
  });

  it('exits non-zero listing the valid methods for an unknown method', () => {
    const program = new Command().exitOverride();
    let stderr = '';
    program.configureOutput({ writeErr: (t) => (stderr += t) });
    registerForecastCommand(program).exitOverride();
    const run = (): Command =>
      program.parse(
        ['forecast', '--train', 'x.csv', '--horizon', '2', '--period', '1', '--out', 'y.csv', '--method', 'oracle'],
        { from: 'user' },
      );
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CommanderError);
    expect(thrown).toMatchObject({ exitCode: 2 });
    expect(stderr).toContain('unknown method "oracle"');
    expect(stderr).toContain('ensemble');
  });
});
