import {
  AlertRepository,
  classifyWriteError,
  ApiKeyRepository,
  DeadLetterRepository,
  ForecastStructureRepository,
  ForecastRepository,
  InitiativeStateRepository,
  KpiValueRepository,
  ModelVersionRepository,
  PeriodCommentaryRepository,
  SampleRepository,
  TargetOverrideRepository,
  toGraphSnapshot,
} from '@bsc/persistence';
import type { KpiValue } from '@bsc/common';
import { DEFAULT_PERSPECTIVES, TwinGraph, TwinModel, TwinModelBuilder } from '@bsc/twin';
import { PgTestSchema } from './pg-test-schema';
import { testSample as sample } from '@bsc/common';

const T0 = 1_795_000_000_000;

const kpiValue = (value: number | null, overrides: Partial<KpiValue> = {}): KpiValue => ({
  kpiId: 'oee',
  periodKey: '2026-11',
  periodStart: Date.UTC(2026, 10, 1),
  periodEnd: Date.UTC(2026, 11, 1),
  value,
  asOf: T0,
  computedAt: T0,
  quality: { coverage: 0.5, stale: true, quality: 'uncertain' },
  origin: 'computed',
  ...overrides,
});

const model = (name: string): TwinModel => ({
  apiVersion: 'bsc.twin/v1',
  id: 'acme',
  name,
  calendar: { fiscalYearStartMonth: 4, timezone: 'UTC', weekStart: 1 },
  units: [
    { id: 'acme', name: 'ACME' },
    { id: 'north', name: 'North', parent: 'acme' },
  ],
  perspectives: [...DEFAULT_PERSPECTIVES],
  objectives: [],
  links: [],
  kpis: [],
  processes: [{ id: 'line1', name: 'Line 1', unit: 'north' }],
  assets: [],
  edges: [],
  opcuaServers: [],
  signals: [],
  initiatives: [],
});

describe('persistence repositories on PostgreSQL', () => {
  let db: PgTestSchema;

  beforeAll(async () => {
    db = await PgTestSchema.create();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('SampleRepository: samples without a number, text values and 32-bit status codes', async () => {
    const sut = new SampleRepository(db.dataSource);
    // BadNodeIdUnknown = 0x80340000 = 2,150,891,520 (above the signed 32-bit range)
    const bad = { ...sample('opc', T0, Number.NaN), quality: 'bad' as const, statusCode: 0x80340000 };
    const text = { ...sample('opc', T0 + 1, Number.NaN), text: 'IPA-330' };

    expect(await sut.insertBatch([bad, text])).toBe(2);

    expect(await sut.range('opc', T0, T0 + 2)).toEqual([{ ...bad, statusCode: 2_150_891_520 }, text]);
    const [row] = await db.dataSource.query<Array<{ value: number | null }>>(
      `SELECT value FROM ${db.schema}.signal_sample WHERE signal_id = 'opc' AND ts = $1`,
      [T0],
    );
    expect(row.value).toBeNull();
    await db.dataSource.query(`DELETE FROM ${db.schema}.signal_sample WHERE signal_id = 'opc'`);
  });

  it('SampleRepository.insertNew: the new samples of a batch that spans two statements, none on re-delivery', async () => {
    const sut = new SampleRepository(db.dataSource);
    await sut.insertBatch([sample('fresh', T0 + 5, 5), sample('fresh', T0 + 24_999, 1)]);
    // 25,000 rows: two unnest statements (20,000 + 5,000) in one transaction
    const batch = Array.from({ length: 25_000 }, (_, i) => sample('fresh', T0 + i, i));

    const fresh = await sut.insertNew(batch);

    expect(fresh.length).toBe(24_998);
    expect(fresh[0]).toBe(batch[0]);
    expect(fresh.some((s) => s.ts === T0 + 5 || s.ts === T0 + 24_999)).toBe(false);
    await expect(sut.insertNew(batch.slice(0, 10))).resolves.toEqual([]);
    await db.dataSource.query(`DELETE FROM ${db.schema}.signal_sample WHERE signal_id = 'fresh'`);
  });

  it('SampleRepository: idempotent chunked inserts, epoch-ms numbers, range, latest and replay', async () => {
    const sut = new SampleRepository(db.dataSource);
    const many = Array.from({ length: 11_000 }, (_, i) => sample('bulk', T0 + i, i + 0.5));

    expect(await sut.insertBatch(many)).toBe(11_000);
    expect(await sut.insertBatch([sample('bulk', T0, 99), sample('bulk', T0 - 1, 1)])).toBe(1);
    // Only rows that were new come back: a re-delivery and a repeat within the batch are left out.
    expect(
      await sut.insertNew([sample('bulk', T0 + 1, 9), sample('bulk', T0 - 2, 2), sample('bulk', T0 - 2, 3)]),
    ).toEqual([sample('bulk', T0 - 2, 2)]);

    const range = await sut.range('bulk', T0 - 1, T0 + 2);
    expect(range).toEqual([sample('bulk', T0 - 1, 1), sample('bulk', T0, 0.5), sample('bulk', T0 + 1, 1.5)]);
    expect(typeof range[0].ts).toBe('number');
    expect((await sut.latest(['bulk'])).map((s) => s.ts)).toEqual([T0 + 10_999]);

    let replayed = 0;
    let previous = -Infinity;
    for await (const page of sut.replay({ pageSize: 4_000 })) {
      for (const s of page) {
        expect(s.ts).toBeGreaterThanOrEqual(previous);
        previous = s.ts;
      }
      replayed += page.length;
    }
    expect(replayed).toBe(11_002);
  });

  it('SampleRepository: the samples a bounded replay carries in, the newest time, the oldest received after', async () => {
    const sut = new SampleRepository(db.dataSource);
    const bad = { ...sample('carry', T0 + 2, 3), quality: 'bad' as const };
    await sut.insertBatch([sample('carry', T0, 1), sample('carry', T0 + 1, 2), bad, sample('carry2', T0, 5)], T0);
    await sut.insertBatch([sample('carry2', T0 + 1, 6)], T0 + 60_000);

    // carry: the bad sample is the newest before T0 + 3, T0 + 1 the newest usable; carry2: T0 + 1 came too late
    expect(await sut.carriedIn(['carry', 'carry2', 'none'], T0 + 3, T0 + 10)).toEqual([
      sample('carry2', T0, 5),
      sample('carry', T0 + 1, 2),
      bad,
    ]);
    // without a receipt bound carry2's T0 + 1 counts; it is both the newest and the newest usable: one row
    expect(await sut.carriedIn(['carry2'], T0 + 3)).toEqual([sample('carry2', T0 + 1, 6)]);
    expect(await sut.carriedIn(['carry'], T0)).toEqual([]);
    expect(await sut.oldestReceivedAfter(T0 + 10, { receivedBy: T0 + 60_000 })).toBe(T0 + 1);
    expect(await sut.newestTs()).toBeGreaterThanOrEqual(T0 + 2);
    // of carry alone (the bad sample counts), past every other signal's sample
    expect(await sut.edgeTsOf((id) => id === 'carry', 'newest')).toBe(T0 + 2);
    expect(await sut.edgeTsOf((id) => id === 'carry', 'oldest', T0 + 1)).toBe(T0);
    await db.dataSource.query(`DELETE FROM ${db.schema}.signal_sample WHERE signal_id IN ('carry', 'carry2')`);
  });

  it('SampleRepository: replays what was received by an instant, a backdated sample by its own knownAt', async () => {
    const sut = new SampleRepository(db.dataSource);
    await sut.insertBatch([sample('known', T0, 1), { ...sample('known', T0 + 1, 2), knownAt: T0 + 1 }], T0 + 50);
    await sut.insertBatch([sample('known', T0 + 2, 3)], T0 + 2);

    const replayed: number[] = [];
    for await (const page of sut.replay({ signalIds: ['known'], receivedBy: T0 + 10 }))
      replayed.push(...page.map((s) => s.value));
    // the first sample was received at T0 + 50; the other two by T0 + 2
    expect(replayed).toEqual([2, 3]);
  });

  it('SampleRepository: history groups 10 samples into 2 min/max buckets in SQL, so a spike survives', async () => {
    const sut = new SampleRepository(db.dataSource);
    const values = [1, 2, 3, 500, 5, 6, 7, -7, 9, 10];
    await sut.insertBatch(values.map((v, i) => sample('spiky', T0 + i * 1_000, v)));

    const history = await sut.history('spiky', T0, T0 + 10_000, 2);

    expect(history.bucketMs).toBe(5_000);
    expect(history.buckets).toEqual([
      { start: T0, firstTs: T0, first: 1, min: 1, max: 500, lastTs: T0 + 4_000, last: 5, count: 5 },
      { start: T0 + 5_000, firstTs: T0 + 5_000, first: 6, min: -7, max: 10, lastTs: T0 + 9_000, last: 10, count: 5 },
    ]);
    expect((await sut.history('spiky', T0, T0 + 3_000, 5)).points).toEqual([
      { ts: T0, value: 1 },
      { ts: T0 + 1_000, value: 2 },
      { ts: T0 + 2_000, value: 3 },
    ]);
  });

  it('KpiValueRepository: revisions, as-known-at reads and the audit trail', async () => {
    const sut = new KpiValueRepository(db.dataSource);
    await sut.appendRevisions([kpiValue(0.7)], 1, T0);
    await sut.appendRevisions([kpiValue(0.9, { origin: 'manual' })], 2, T0 + 10, { enteredBy: 'bob', comment: 'fix' });

    const then = await sut.asOf(['oee'], ['2026-11'], T0 + 5);
    const now = await sut.asOf('all', 'all');

    expect(then.map((v) => v.value)).toEqual([0.7]);
    expect(now).toEqual([
      expect.objectContaining({
        value: 0.9,
        origin: 'manual',
        modelVersion: 2,
        recordedAt: T0 + 10,
        enteredBy: 'bob',
        quality: { coverage: 0.5, stale: true, quality: 'uncertain' },
      }),
    ]);
    expect((await sut.revisions('oee', '2026-11')).map((r) => r.value)).toEqual([0.7, 0.9]);
    expect((await sut.history('oee', Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).map((v) => v.value)).toEqual([0.9]);
  });

  it('KpiValueRepository: a batch past one statement (unnest arrays), nulls kept, repeats skipped', async () => {
    const sut = new KpiValueRepository(db.dataSource);
    // 25,000 revisions: two statements (20,000 + 5,000) in one transaction; every 7th value is null
    const many = Array.from({ length: 25_000 }, (_, i) =>
      kpiValue(i % 7 === 0 ? null : i / 4, {
        kpiId: `bulk-${i}`,
        quality: { coverage: (i % 4) / 4, stale: i % 2 === 0, quality: i % 3 === 0 ? 'good' : 'bad' },
      }),
    );

    expect(await sut.appendRevisions(many, 4, T0 + 20)).toBe(25_000);
    // the same readings again are repeats: nothing is stored
    expect(await sut.appendRevisions(many.slice(0, 100), 4, T0 + 30)).toBe(0);

    const back = await sut.asOf(['bulk-0', 'bulk-9', 'bulk-24999'], 'all');
    expect(
      back.map((r) => [r.kpiId, r.value, r.quality, r.modelVersion, r.recordedAt, r.enteredBy, r.comment]),
    ).toEqual([
      ['bulk-0', null, { coverage: 0, stale: true, quality: 'good' }, 4, T0 + 20, null, null],
      ['bulk-24999', 6_249.75, { coverage: 0.75, stale: false, quality: 'good' }, 4, T0 + 20, null, null],
      ['bulk-9', 2.25, { coverage: 0.25, stale: false, quality: 'good' }, 4, T0 + 20, null, null],
    ]);
    expect(back[0]).toMatchObject({ periodStart: Date.UTC(2026, 10, 1), periodEnd: Date.UTC(2026, 11, 1), asOf: T0 });
    await db.dataSource.query(`DELETE FROM ${db.schema}.kpi_value_revision WHERE kpi_id LIKE 'bulk-%'`);
  });

  it('KpiValueRepository: a repeat is judged against the newest revision of its pair, however many it has', async () => {
    const sut = new KpiValueRepository(db.dataSource);
    const a = (value: number) => kpiValue(value, { kpiId: 'rep-a' });
    const b = (value: number) => kpiValue(value, { kpiId: 'rep-b', periodKey: '2026-12' });
    for (let i = 0; i < 50; i++) await sut.appendRevisions([a(i % 2), b(i)], 1, T0 + i);
    // two revisions of b recorded at the same instant: the later one (higher id) is the newest
    await sut.appendRevisions([b(7)], 1, T0 + 60, { keepRepeats: true });
    await sut.appendRevisions([b(8)], 1, T0 + 60, { keepRepeats: true });

    // a's newest is 1 (i = 49): 0 is no repeat though older revisions hold it; b's newest is 8, so 7 is no repeat
    expect(await sut.appendRevisions([a(1), b(8)], 1, T0 + 70)).toBe(0);
    expect(await sut.appendRevisions([a(0), b(7)], 1, T0 + 80)).toBe(2);
    expect((await sut.asOf(['rep-a', 'rep-b'], 'all')).map((r) => [r.kpiId, r.value, r.recordedAt])).toEqual([
      ['rep-a', 0, T0 + 80],
      ['rep-b', 7, T0 + 80],
    ]);
    await db.dataSource.query(`DELETE FROM ${db.schema}.kpi_value_revision WHERE kpi_id LIKE 'rep-%'`);
  });

  it("KpiValueRepository: a revision stamped by a clock behind its pair's newest is recorded 1 ms after it", async () => {
    const sut = new KpiValueRepository(db.dataSource);
    const at = (value: number) => kpiValue(value, { kpiId: 'clock-a' });
    // another writer's clock is ahead: its revision at T0 + 60 s, this clock at T0 → T0 + 60,001
    await sut.appendRevisions([at(1)], 1, T0 + 60_000);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(T0);
    try {
      await sut.appendRevisions([at(2)], 1);
    } finally {
      clock.mockRestore();
    }
    // a back-dated correction keeps its stamp
    await sut.appendRevisions([at(3)], 1, T0 - 1_000);

    expect((await sut.revisions('clock-a', '2026-11')).map((r) => [r.value, r.recordedAt])).toEqual([
      [3, T0 - 1_000],
      [1, T0 + 60_000],
      [2, T0 + 60_001],
    ]);
    await db.dataSource.query(`DELETE FROM ${db.schema}.kpi_value_revision WHERE kpi_id = 'clock-a'`);
  });

  it('ModelVersionRepository: versions, dedup by checksum, in-force lookup and stored graph', async () => {
    const sut = new ModelVersionRepository(db.dataSource);
    await sut.importVersion(model('v1'), 'alice', { importedAt: T0 });

    expect((await sut.importVersion(model('v1'), 'alice', { importedAt: T0 + 1 })).created).toBe(false);
    expect((await sut.importVersion(model('v2'), 'alice', { importedAt: T0 + 2 })).version.version).toBe(2);

    expect((await sut.inForceAt(T0 + 1))?.model.name).toBe('v1');
    expect((await sut.active())?.version).toBe(2);
    expect((await sut.list()).map((v) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await sut.graph(1)).edges).toEqual(
      expect.arrayContaining([{ from: 'north', to: 'acme', type: 'part_of', props: { derived: true } }]),
    );
  });

  it('ModelVersionRepository: stores the whole TwinGraph, every node and every edge in order with its props', async () => {
    const sut = new ModelVersionRepository(db.dataSource);
    const acme = TwinModelBuilder.acme().build();
    const { version } = await sut.importVersion(acme, 'alice', { importedAt: T0 + 3 });
    const expected = toGraphSnapshot(TwinGraph.fromModel(acme));
    const byKey = (a: { kind: string; id: string }, b: { kind: string; id: string }) =>
      a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id);

    const stored = await sut.graph(version.version);

    expect(stored.edges).toEqual(expected.edges); // read back by id: the snapshot's order
    expect([...stored.nodes].sort(byKey)).toEqual([...expected.nodes].sort(byKey));
  });

  it('DeadLetterRepository: add, list and counts', async () => {
    const sut = new DeadLetterRepository(db.dataSource);
    await sut.add([
      { source: 'mqtt', channel: 't', reason: 'invalid_json', detail: 'x', raw: '{', receivedAt: T0 },
      { source: 'sparkplug', channel: 't', reason: 'bad_protobuf', detail: 'y', raw: Buffer.from([1, 2]) },
    ]);

    expect(await sut.countsByReason()).toEqual({ bad_protobuf: 1, invalid_json: 1 });
    expect((await sut.list({ reason: 'invalid_json' }))[0]).toMatchObject({ payload: '{', receivedAt: T0 });
  });

  it("DeadLetterRepository: a visibility's letters chosen in SQL, pages of them and their counts", async () => {
    const sut = new DeadLetterRepository(db.dataSource);
    // a source of this test's own: other tests' letters share the table
    const letter = { source: 'scoped-mqtt', reason: 'invalid_json', detail: 'd', raw: '{', receivedAt: T0 };
    await sut.add([
      { ...letter, signalId: 'north.speed', channel: 'north.speed', reason: 'out_of_range' },
      { ...letter, signalId: 'south.speed', channel: 'south.speed', reason: 'out_of_range' },
      { ...letter, channel: 'plant/north/line' },
      { ...letter, channel: 'plant/south/line' },
      { ...letter, signalId: 'north.speed', channel: 'north.speed', reason: 'out_of_range' },
    ]);
    const all = await sut.list({ source: 'scoped-mqtt' });
    const [n1, , n3, , n5] = all.map((d) => d.id).reverse();
    const north = {
      signalIds: ['north.speed', 'north.temp'],
      channels: [{ source: 'scoped-mqtt', channel: 'plant/north/line' }],
    };

    const first = await sut.list({ source: 'scoped-mqtt', visibleTo: north, limit: 2 });
    const second = await sut.list({ source: 'scoped-mqtt', visibleTo: north, limit: 2, beforeId: first[1].id });

    expect([first.map((d) => d.id), second.map((d) => d.id)]).toEqual([[n5, n3], [n1]]);
    expect(await sut.count({ source: 'scoped-mqtt', visibleTo: north })).toBe(3);
    expect((await sut.countsBySourceAndReason(north)).filter((g) => g.source === 'scoped-mqtt')).toEqual([
      { source: 'scoped-mqtt', reason: 'out_of_range', count: 2, lastAt: T0 },
      { source: 'scoped-mqtt', reason: 'invalid_json', count: 1, lastAt: T0 },
    ]);
    const origins = await sut.origins({ source: 'scoped-mqtt' });
    expect([origins.signalIds.sort(), origins.channels.map((c) => c.channel).sort()]).toEqual([
      ['north.speed', 'south.speed'],
      ['plant/north/line', 'plant/south/line'],
    ]);
  });

  it('DeadLetterRepository: one letter per origin key, also within one statement; letters without one all kept', async () => {
    const sut = new DeadLetterRepository(db.dataSource);
    const letter = { source: 'sample-log', channel: 'k', reason: 'invalid_log_entry', raw: '{' };
    const keyed = { ...letter, originKey: 'sample-log:k' };
    await sut.add(
      [
        { ...keyed, detail: 'first' },
        { ...keyed, detail: 'same statement' },
        { ...letter, detail: '-' },
      ],
      T0,
    );
    await sut.add(
      [
        { ...keyed, detail: 'delivered again' },
        { ...letter, detail: '-' },
      ],
      T0,
    );

    const stored = await sut.list({ source: 'sample-log' });
    expect(stored.map((d) => [d.originKey, d.detail]).reverse()).toEqual([
      ['sample-log:k', 'first'],
      [null, '-'],
      [null, '-'],
    ]);
  });

  it('ForecastStructureRepository: stores, replaces by key and drops what was not written again', async () => {
    const sut = new ForecastStructureRepository(db.dataSource);
    await sut.save(
      [
        ['structure|a|auto-arima', [{ length: 90 }]],
        ['structure|b|auto-arima', [{ length: 60 }]],
      ],
      T0,
    );
    await sut.save([['structure|a|auto-arima', [{ length: 97 }, { length: 90 }]]], T0 + 1);

    await expect(sut.dropWrittenBefore(T0 + 1)).resolves.toBe(1);
    expect([...(await sut.readAll())]).toEqual([['structure|a|auto-arima', [{ length: 97 }, { length: 90 }]]]);
  });

  it('DeadLetterRepository: stores whatever a message held (0x00, lone surrogates) and classifies refusals', async () => {
    const sut = new DeadLetterRepository(db.dataSource);
    // A JSON parser's message quotes the raw input, 0x00 included; PostgreSQL refuses 0x00 in text columns.
    await sut.insert([
      {
        receivedAt: T0,
        source: 'mqtt',
        channel: 'poison',
        reason: 'invalid_json',
        detail: `Unexpected token '\u0000' \ud800`,
        payload: 'a\u0000b',
        payloadEncoding: 'utf8',
        signalId: null,
      },
    ]);

    const [stored] = await sut.list({ reason: 'invalid_json', source: 'mqtt' });
    expect(stored).toMatchObject({ detail: `Unexpected token '\uFFFD' \uFFFD`, payloadEncoding: 'base64' });
    // "a\0b" as UTF-8 is 61 00 62, base64 "YQBi": the bytes are kept exactly.
    expect(Buffer.from(stored.payload!, 'base64')).toEqual(Buffer.from([0x61, 0x00, 0x62]));

    const refused = await db.dataSource.query<unknown>(`SELECT $1::text`, ['\u0000']).catch((error: unknown) => error);
    expect(classifyWriteError(refused)).toBe('permanent');
  });

  it('AlertRepository: dedup on the partial unique index, lifecycle and history', async () => {
    const sut = new AlertRepository(db.dataSource);
    const input = {
      rule: 'off_target',
      unitId: 'north',
      severity: 'critical',
      message: 'm',
      dedupKey: 'k',
      raisedAt: T0,
    };
    const { alert } = await sut.raise(input);

    expect((await sut.raise(input)).created).toBe(false);
    await expect(
      db.dataSource.query(
        `INSERT INTO "${db.schema}"."alert" (id, rule, unit_id, severity, status, message, raised_at, escalation_level, dedup_key) VALUES ('dup', 'r', 'u', 's', 'open', 'm', 1, 0, 'k')`,
      ),
    ).rejects.toThrow(/unique/i);
    await sut.acknowledge(alert.id, 'alice', T0 + 1);
    await sut.markNotified(alert.id, T0 + 2, 1);
    expect(await sut.resolve(alert.id, T0 + 3)).toMatchObject({
      status: 'resolved',
      escalationLevel: 1,
      lastNotifiedAt: T0 + 2,
    });
    expect((await sut.raise(input)).created).toBe(true);
    expect((await sut.events(alert.id)).map((e) => e.type)).toEqual([
      'raised',
      'acknowledged',
      'escalated',
      'resolved',
    ]);
    // resolved at T0 + 3, raised again and open: the key's latest resolution; a bigint read back as a number
    expect(await sut.lastResolvedAt(['k', 'other'])).toEqual(new Map([['k', T0 + 3]]));
    // k's latest alert is open: none resolved by hand; 'h' raised at T0 + 4, resolved by bob at T0 + 5: listed, with a
    // bigint read back as a number
    expect(await sut.latestResolvedByHand()).toEqual([]);
    const byHand = await sut.raise({ ...input, dedupKey: 'h', raisedAt: T0 + 4 });
    await sut.resolve(byHand.alert.id, T0 + 5, 'bob');
    expect(await sut.latestResolvedByHand()).toEqual([
      expect.objectContaining({ dedupKey: 'h', resolvedAt: T0 + 5, resolvedBy: 'bob' }),
    ]);
  });

  it('ApiKeyRepository, TargetOverrideRepository and InitiativeStateRepository round trips', async () => {
    const keys = new ApiKeyRepository(db.dataSource);
    const { key, record } = await keys.create({ name: 'ci', role: 'admin', createdAt: T0 });
    expect(await keys.findActiveByKey(key)).toEqual(record);

    const targets = new TargetOverrideRepository(db.dataSource);
    await targets.set({ kpiId: 'oee', periodKey: '2026-11', value: 1, setBy: 'a', setAt: T0 });
    await targets.set({ kpiId: 'oee', periodKey: '2026-11', value: 2, lower: 1, setBy: 'b', setAt: T0 + 1 });
    expect(await targets.list()).toEqual([
      { kpiId: 'oee', periodKey: '2026-11', value: 2, lower: 1, upper: null, setBy: 'b', setAt: T0 + 1 },
    ]);

    const initiatives = new InitiativeStateRepository(db.dataSource);
    await initiatives.save({
      initiativeId: 'i',
      status: 'planned',
      progress: 0,
      milestones: [],
      updatedBy: 'a',
      updatedAt: T0,
    });
    await initiatives.save({
      initiativeId: 'i',
      status: 'done',
      progress: 1,
      milestones: [{ name: 'm', due: '2026-12-01', done: true }],
      updatedBy: 'b',
      updatedAt: T0 + 1,
    });
    expect(await initiatives.get('i')).toEqual({
      initiativeId: 'i',
      status: 'done',
      progress: 1,
      milestones: [{ name: 'm', due: '2026-12-01', done: true }],
      budgetActual: null,
      updatedBy: 'b',
      updatedAt: T0 + 1,
    });
    await initiatives.save({
      initiativeId: 'i',
      status: 'done',
      progress: 1,
      milestones: [],
      budgetActual: 1234.5,
      updatedBy: 'c',
    });
    expect((await initiatives.get('i'))?.budgetActual).toBe(1234.5);
  });

  it('PeriodCommentaryRepository: the newest version known at a time, per subject and period', async () => {
    const sut = new PeriodCommentaryRepository(db.dataSource);
    const key = { subjectKind: 'kpi', subjectId: 'oee', periodKey: '2026-11' } as const;
    const note = { ...key, actions: '', author: 'Alice' };
    await sut.append({ ...note, analysis: 'v1', recordedAt: T0 });
    await sut.append({ ...note, analysis: 'v2', recordedAt: T0 + 10 });
    await sut.append({ ...note, subjectKind: 'objective', analysis: 'objective', recordedAt: T0 + 5 });

    expect((await sut.latest([key], T0 + 9)).map((c) => [c.analysis, c.recordedAt])).toEqual([['v1', T0]]);
    expect((await sut.latest([key])).map((c) => c.analysis)).toEqual(['v2']);
    expect((await sut.versions(key)).map((c) => c.analysis)).toEqual(['v1', 'v2']);
  });

  it('ForecastRepository: newest forecast per KPI and newest link estimate', async () => {
    const sut = new ForecastRepository(db.dataSource);
    await sut.saveForecasts([
      { kpiId: 'oee', computedAt: T0, method: 'ets', horizon: 2, payload: { mean: [1, 2] } },
      {
        kpiId: 'oee',
        computedAt: T0 + 1,
        method: 'ets',
        horizon: 2,
        probability: 0.3,
        periodKey: '2026-11',
        payload: { mean: [3, 4] },
      },
    ]);
    await sut.saveLinkEstimates([{ fromObjective: 'a', toObjective: 'b', computedAt: T0, payload: { r: 0.5 } }]);

    expect(await sut.latest(['oee'])).toEqual([
      expect.objectContaining({ computedAt: T0 + 1, probability: 0.3, payload: { mean: [3, 4] } }),
    ]);
    expect((await sut.latestLinkEstimates()).map((l) => l.payload)).toEqual([{ r: 0.5 }]);
  });
});
