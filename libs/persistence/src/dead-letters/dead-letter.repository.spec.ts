import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { MAX_DEAD_LETTER_PAYLOAD_CHARS } from './dead-letter.mapper';
import { DeadLetterRepository } from './dead-letter.repository';
import type { NewDeadLetter } from './dead-letter.types';

const aDeadLetter = (overrides: Partial<NewDeadLetter> = {}): NewDeadLetter => ({
  source: 'mqtt',
  channel: 'plant/north/line1/speed',
  reason: 'invalid_json',
  detail: 'Unexpected token } in JSON at position 7',
  raw: '{"v": }',
  receivedAt: 1_000,
  ...overrides,
});

describe(DeadLetterRepository.name, () => {
  let dataSource: DataSource;
  let sut: DeadLetterRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new DeadLetterRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('stores text payloads as utf8 and binary ones as raw bytes, read back as base64', async () => {
    await sut.add([
      aDeadLetter(),
      aDeadLetter({
        source: 'sparkplug',
        reason: 'bad_protobuf',
        raw: Buffer.from([0, 255, 16]),
        signalId: 'line1.speed',
      }),
    ]);

    const [binary, text] = await sut.list();

    expect(text).toMatchObject({
      source: 'mqtt',
      channel: 'plant/north/line1/speed',
      payload: '{"v": }',
      payloadEncoding: 'utf8',
      signalId: null,
      receivedAt: 1_000,
    });
    expect(binary).toMatchObject({
      reason: 'bad_protobuf',
      payload: 'AP8Q',
      payloadEncoding: 'base64',
      signalId: 'line1.speed',
    });
    expect(
      await dataSource.query('SELECT payload, payload_encoding, payload_bytes FROM dead_letter ORDER BY id'),
    ).toEqual([
      { payload: '{"v": }', payload_encoding: 'utf8', payload_bytes: null },
      { payload: null, payload_encoding: 'bytes', payload_bytes: Buffer.from([0, 255, 16]) },
    ]);
  });

  it('truncates oversized payloads and says so in the detail', async () => {
    await sut.add([aDeadLetter({ raw: 'x'.repeat(MAX_DEAD_LETTER_PAYLOAD_CHARS + 10) })]);

    const [stored] = await sut.list();

    expect(stored.payload).toHaveLength(MAX_DEAD_LETTER_PAYLOAD_CHARS);
    expect(stored.detail).toContain('truncated');
  });

  it('lists newest first, filtered by reason, in pages', async () => {
    await sut.add(['a', 'b', 'a', 'a'].map((reason, i) => aDeadLetter({ reason, detail: `#${i}` })));

    const first = await sut.list({ reason: 'a', limit: 2 });
    const second = await sut.list({ reason: 'a', limit: 2, beforeId: first[1].id });

    expect(first.map((d) => d.detail)).toEqual(['#3', '#2']);
    expect(second.map((d) => d.detail)).toEqual(['#0']);
  });

  it('counts entries by reason', async () => {
    await sut.add(['invalid_json', 'unknown_topic', 'invalid_json'].map((reason) => aDeadLetter({ reason })));

    await expect(sut.countsByReason()).resolves.toEqual({ invalid_json: 2, unknown_topic: 1 });
  });

  it('counts entries by source and reason with the newest receipt, most frequent first', async () => {
    await sut.add([
      aDeadLetter({ source: 'mqtt', reason: 'invalid_json', receivedAt: 10 }),
      aDeadLetter({ source: 'mqtt', reason: 'invalid_json', receivedAt: 30 }),
      aDeadLetter({ source: 'http', reason: 'invalid_json', receivedAt: 20 }),
    ]);

    await expect(sut.countsBySourceAndReason()).resolves.toEqual([
      { source: 'mqtt', reason: 'invalid_json', count: 2, lastAt: 30 },
      { source: 'http', reason: 'invalid_json', count: 1, lastAt: 20 },
    ]);
  });

  it('counts entries matching a filter over all pages', async () => {
    await sut.add(['invalid_json', 'unknown_topic', 'invalid_json'].map((reason) => aDeadLetter({ reason })));

    await expect(sut.count()).resolves.toBe(3);
    await expect(sut.count({ reason: 'invalid_json' })).resolves.toBe(2);
    await expect(sut.count({ reason: 'out_of_range' })).resolves.toBe(0);
  });

  describe('within a visibility', () => {
    // ids 1-6 in insertion order, newest (highest id) first in every answer
    const letters = [
      aDeadLetter({ signalId: 'north.speed', channel: 'north.speed', reason: 'out_of_range' }),
      aDeadLetter({ signalId: 'south.speed', channel: 'south.speed', reason: 'out_of_range' }),
      aDeadLetter({ channel: 'plant/north/line' }),
      aDeadLetter({ channel: 'plant/south/line' }),
      aDeadLetter({ source: 'sparkplug', channel: 'plant/north/line', reason: 'bad_protobuf' }),
      aDeadLetter({ signalId: 'north.speed', channel: 'north.speed', reason: 'out_of_range' }),
    ];
    // north: its signal's letters (1, 6) and the unbound MQTT letter on its topic (3), not the Sparkplug one (5)
    const north = { signalIds: ['north.speed'], channels: [{ source: 'mqtt', channel: 'plant/north/line' }] };

    beforeEach(async () => {
      await sut.add(letters);
    });

    it('lists only letters bound to a visible signal or, unbound, received on a visible channel, in pages', async () => {
      const first = await sut.list({ visibleTo: north, limit: 2 });
      const second = await sut.list({ visibleTo: north, limit: 2, beforeId: first[1].id });

      expect(first.map((d) => d.id)).toEqual([6, 3]);
      expect(second.map((d) => d.id)).toEqual([1]);
      await expect(sut.count({ visibleTo: north })).resolves.toBe(3);
    });

    it('applies the filter within it', async () => {
      expect((await sut.list({ visibleTo: north, reason: 'out_of_range' })).map((d) => d.id)).toEqual([6, 1]);
      await expect(sut.count({ visibleTo: north, reason: 'invalid_json' })).resolves.toBe(1);
    });

    it('shows nothing through an empty one', async () => {
      await expect(sut.list({ visibleTo: { signalIds: [], channels: [] } })).resolves.toEqual([]);
      await expect(sut.count({ visibleTo: { signalIds: [], channels: [] } })).resolves.toBe(0);
    });

    it('counts by source and reason within it', async () => {
      await expect(sut.countsBySourceAndReason(north)).resolves.toEqual([
        { source: 'mqtt', reason: 'out_of_range', count: 2, lastAt: 1_000 },
        { source: 'mqtt', reason: 'invalid_json', count: 1, lastAt: 1_000 },
      ]);
    });

    it('names the signals letters are bound to and the channels of those bound to none, once each', async () => {
      await sut.add([aDeadLetter({ channel: 'plant/north/line' }), aDeadLetter({ channel: null })]);

      const origins = await sut.origins();

      expect(origins.signalIds.sort()).toEqual(['north.speed', 'south.speed']);
      expect(
        origins.channels.sort((a, b) => a.source.localeCompare(b.source) || a.channel.localeCompare(b.channel)),
      ).toEqual([
        { source: 'mqtt', channel: 'plant/north/line' },
        { source: 'mqtt', channel: 'plant/south/line' },
        { source: 'sparkplug', channel: 'plant/north/line' },
      ]);
      await expect(sut.origins({ source: 'sparkplug' })).resolves.toEqual({
        signalIds: [],
        channels: [{ source: 'sparkplug', channel: 'plant/north/line' }],
      });
    });
  });

  it('purges entries received before a cutoff', async () => {
    await sut.add([aDeadLetter({ receivedAt: 1 }), aDeadLetter({ receivedAt: 5 })]);

    await expect(sut.purgeReceivedBefore(5)).resolves.toBe(1);
    expect((await sut.list()).map((d) => d.receivedAt)).toEqual([5]);
  });

  it('stores pre-encoded entries as they are', async () => {
    const record = {
      receivedAt: 7,
      source: 'opcua',
      channel: null,
      reason: 'bad_status',
      detail: 'BadNodeIdUnknown',
      payload: 'AQI=',
      payloadEncoding: 'base64' as const,
      signalId: 'line1.speed',
    };

    await sut.insert([record]);

    expect(await sut.list()).toEqual([{ id: expect.any(Number) as unknown, ...record, originKey: null }]);
  });

  it('keeps one letter per origin key, however often its input came, and every letter without one', async () => {
    const again = aDeadLetter({ originKey: 'sample-log:a', detail: 'first' });
    await sut.add([again, aDeadLetter(), aDeadLetter({ originKey: 'sample-log:b' })]);
    await sut.add([{ ...again, detail: 'delivered again' }, aDeadLetter(), again]);

    const stored = await sut.list();

    expect(stored.map((d) => [d.originKey, d.detail]).reverse()).toEqual([
      ['sample-log:a', 'first'],
      [null, aDeadLetter().detail],
      ['sample-log:b', aDeadLetter().detail],
      [null, aDeadLetter().detail],
    ]);
  });
});
