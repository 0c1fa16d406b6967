import { Command, CommanderError } from 'commander';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { scoreSeries } from '@bsc/forecasting';
import { registerAnomalyCommand, runAnomalyDetect } from './anomaly-detect.command';

/** 600 samples every 5 minutes: a slow wave, one spike at row 500. */
function nabCsv(): { text: string; values: number[]; times: number[] } {
  const start = Date.UTC(2014, 3, 1);
  const values = Array.from({ length: 600 }, (_, i) => 20 + Math.sin(i / 7) + (i === 500 ? 30 : 0));
  const times = values.map((_, i) => start + i * 300_000);
  const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  const text = ['timestamp,value', ...values.map((v, i) => `${stamp(times[i])},${v}`)].join('\n');
  return { text, values, times };
}

describe('anomaly detect command', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bsc-anomaly-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes timestamp,value,anomaly_score with the platform detector, row for row', () => {
    const { text, values, times } = nabCsv();
    writeFileSync(join(dir, 'in.csv'), text);
    const sut = runAnomalyDetect({ in: join(dir, 'in.csv'), out: join(dir, 'out.csv') });
    expect(sut).toEqual({ rows: 600, unscored: 0 });
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(601);
    // timestamp and value copied as read; the score is what the library detector gives for the same series
    expect(lines[1].split(',').slice(0, 2)).toEqual(['2014-04-01 00:00:00', '20']);
    const expected = scoreSeries(values, times);
    const scores = lines.slice(1).map((l) => Number(l.split(',')[2]));
    expect(scores).toEqual(Array.from(expected));
    expect(scores.indexOf(Math.max(...scores))).toBe(500);
  });

  it('leaves a row without a numeric value unscored, as ingestion does, and scores the others as if it were absent', () => {
    const { text } = nabCsv();
    const rows = text.split('\n');
    const gap = [...rows.slice(0, 301), `${rows[301].split(',')[0]},`, ...rows.slice(301)].join('\n');
    writeFileSync(join(dir, 'gap.csv'), gap);
    writeFileSync(join(dir, 'in.csv'), text);

    const sut = runAnomalyDetect({ in: join(dir, 'gap.csv'), out: join(dir, 'gap-out.csv') });
    runAnomalyDetect({ in: join(dir, 'in.csv'), out: join(dir, 'out.csv') });

    expect(sut).toEqual({ rows: 601, unscored: 1 });
    const withGap = readFileSync(join(dir, 'gap-out.csv'), 'utf8').trim().split('\n');
    const without = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(withGap[301]).toBe(`${rows[301].split(',')[0]},,`);
    // an empty value is no 0: the spike at row 500 stays the only outstanding score
    expect([...withGap.slice(0, 301), ...withGap.slice(302)]).toEqual(without);
  });

  it('exits with code 2 naming the missing columns', () => {
    writeFileSync(join(dir, 'bad.csv'), 'time,reading\n2014-04-01 00:00:00,1\n');
    const program = new Command().exitOverride();
    let stderr = '';
    program.configureOutput({ writeErr: (t) => (stderr += t) });
    registerAnomalyCommand(program).commands.forEach((c) => c.exitOverride());
    const run = (): Command =>
      program.parse(['anomaly', 'detect', '--in', join(dir, 'bad.csv'), '--out', join(dir, 'o.csv')], { from: 'user' });
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CommanderError);
    expect(thrown).toMatchObject({ exitCode: 2 });
    expect(stderr).toContain('expected the columns timestamp,value');
  });

  it('scores a counter on its steps with --kind counter, a reset being a step and not a fall', () => {
    // A running total that starts at 1000; row i >= 1 adds 5 + i % 3 (6, 7, 5, 6, 7, 5 ...), and at row 400 it is
    // reset and reads its own step, 5 + 400 % 3 = 6. By hand: rows 1-399 are 133 cycles of 6 + 7 + 5 = 18, so row
    // 399 reads 1000 + 133 * 18 = 3394. counterStep(3394, 6): 6 < 3394, a reset, the step is 6, not the fall of
    // -3388 the raw total shows. Row 0 has no previous reading: no step, left unscored.
    const start = Date.UTC(2014, 3, 1);
    const times = Array.from({ length: 600 }, (_, i) => start + i * 300_000);
    const steps = times.map((_, i) => 5 + (i % 3));
    const totals: number[] = [1000];
    for (let i = 1; i < 600; i++) totals.push(i === 400 ? steps[i] : totals[i - 1] + steps[i]);
    expect(totals[399]).toBe(3394);
    expect(totals[400]).toBe(6);
    const stamp = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    const text = ['timestamp,value', ...totals.map((v, i) => `${stamp(times[i])},${v}`)].join('\n');
    writeFileSync(join(dir, 'counter.csv'), text);

    const sut = runAnomalyDetect({ in: join(dir, 'counter.csv'), out: join(dir, 'out.csv'), kind: 'counter' });

    expect(sut).toEqual({ rows: 600, unscored: 1 });
    const lines = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(lines[1]).toBe('2014-04-01 00:00:00,1000,');
    expect(lines[401].split(',').slice(0, 2)).toEqual([stamp(times[400]), '6']);
    // rows 1-599 score as the steps of rows 1-599 do, fed alone to the detector
    const expected = scoreSeries(steps.slice(1), times.slice(1));
    expect(lines.slice(2).map((l) => Number(l.split(',')[2]))).toEqual(Array.from(expected));
    // the steps repeat 5, 6, 7 throughout: the reset is no anomaly
    expect(expected[399]).toBe(0);
  });

  it('takes --kind from the signal kinds, a gauge by default, and refuses another', () => {
    writeFileSync(join(dir, 'in.csv'), 'timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,3\n');
    const parse = (...args: string[]): string => {
      const program = new Command().exitOverride();
      let stderr = '';
      program.configureOutput({ writeErr: (t) => (stderr += t) });
      registerAnomalyCommand(program).commands.forEach((c) => c.exitOverride());
      try {
        program.parse(['anomaly', 'detect', '--in', join(dir, 'in.csv'), '--out', join(dir, 'o.csv'), ...args], {
          from: 'user',
        });
      } catch (error) {
        return `${(error as CommanderError).exitCode} ${stderr}`;
      }
      return readFileSync(join(dir, 'o.csv'), 'utf8');
    };
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // a gauge is judged raw: both rows scored; a counter's first reading has no step
      expect(parse().split('\n')[1]).toBe('2014-04-01 00:00:00,1,0');
      expect(parse('--kind', 'counter').split('\n')[1]).toBe('2014-04-01 00:00:00,1,');
      expect(parse('--kind', 'speed')).toMatch(/^1 .*--kind.*gauge, counter, amount, event/s);
    } finally {
      stdout.mockRestore();
    }
  });
});
