import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { DeadLetterRepository, openDataSource } from '@bsc/persistence';
import { registerDeadLettersCommand } from './dead-letters.command';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('bsc dead-letters list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-cli-'));
  const sqlitePath = join(dir, 'bsc.sqlite');

  beforeAll(async () => {
    const dataSource = await openDataSource({ sqlitePath });
    await new DeadLetterRepository(dataSource).add([
      { source: 'mqtt', channel: 't/1', reason: 'invalid_json', detail: 'bad', raw: '{"v": }', receivedAt: 0 },
      // Stored as raw bytes (00 ff 10 61), shown as before: base64 "AP8QYQ==".
      {
        source: 'sparkplug',
        channel: 't/2',
        reason: 'invalid_protobuf',
        detail: 'bad',
        raw: Buffer.from([0x00, 0xff, 0x10, 0x61]),
        receivedAt: 1_000,
      },
    ]);
    await dataSource.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...args: string[]): Promise<string> => {
    const out = new Capture();
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerDeadLettersCommand(program, { database: () => ({ sqlitePath }), stdout: out });
    await program.parseAsync(['node', 'bsc', 'dead-letters', ...args]);
    return out.text;
  };

  it('prints binary payloads as base64 and text payloads as text', async () => {
    expect(await run('list')).toBe(
      '#2 1970-01-01T00:00:01.000Z sparkplug invalid_protobuf t/2: bad | [base64 8 chars]\n' +
        '#1 1970-01-01T00:00:00.000Z mqtt invalid_json t/1: bad | {"v": }\n',
    );
    const json = (await run('list', '--json'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { payload: string; payloadEncoding: string });
    expect(json.map((e) => [e.payload, e.payloadEncoding])).toEqual([
      ['AP8QYQ==', 'base64'],
      ['{"v": }', 'utf8'],
    ]);
  });

  it('refuses a --limit that is not a positive integer, naming the flag', async () => {
    // parseInt('abc') was NaN, passed on to the query and refused there without naming --limit
    await expect(run('list', '--limit', 'abc')).rejects.toThrow(
      `option '--limit <n>' argument 'abc' is invalid. must be a positive integer, got "abc"`,
    );
  });
});
