import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { AlertRepository } from './alert.repository';
import type { NewAlert } from './alert.types';

const anAlert = (overrides: Partial<NewAlert> = {}): NewAlert => ({
  rule: 'off_target',
  kpiId: 'oee',
  unitId: 'plant-north',
  severity: 'warning',
  message: 'OEE is off target (71% < 75%)',
  dedupKey: 'off_target:oee:plant-north',
  raisedAt: 1_000,
  ...overrides,
});

describe(AlertRepository.name, () => {
  let dataSource: DataSource;
  let sut: AlertRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new AlertRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('raises an open alert and records the event', async () => {
    const { alert, created } = await sut.raise(anAlert());

    expect(created).toBe(true);
    expect(alert).toMatchObject({
      status: 'open',
      kpiId: 'oee',
      raisedAt: 1_000,
      escalationLevel: 0,
      resolvedAt: null,
    });
    await expect(sut.get(alert.id)).resolves.toEqual(alert);
    expect((await sut.events(alert.id)).map((e) => e.type)).toEqual(['raised']);
  });

  it('returns the unresolved alert instead of raising a duplicate', async () => {
    const first = await sut.raise(anAlert());

    const second = await sut.raise(anAlert({ message: 'still off target', raisedAt: 2_000 }));

    expect(second).toEqual({ alert: first.alert, created: false });
    await expect(sut.list()).resolves.toHaveLength(1);
  });

  it('raises anew once the previous alert of the same key is resolved', async () => {
    const first = await sut.raise(anAlert());
    await sut.resolve(first.alert.id, 1_500);

    const second = await sut.raise(anAlert({ raisedAt: 2_000 }));

    expect(second.created).toBe(true);
    expect(second.alert.id).not.toBe(first.alert.id);
  });

  it('tells when each dedup key last had an alert resolved', async () => {
    // off_target: resolved at 1 500 and 2 500, then open again; odd: never resolved; stale: resolved at 900
    const first = await sut.raise(anAlert());
    await sut.resolve(first.alert.id, 1_500);
    const second = await sut.raise(anAlert({ raisedAt: 2_000 }));
    await sut.resolve(second.alert.id, 2_500);
    await sut.raise(anAlert({ raisedAt: 3_000 }));
    await sut.raise(anAlert({ dedupKey: 'odd:oee:plant-north' }));
    const stale = await sut.raise(anAlert({ dedupKey: 'stale:oee:plant-north', raisedAt: 800 }));
    await sut.resolve(stale.alert.id, 900);

    const keys = ['off_target:oee:plant-north', 'odd:oee:plant-north', 'stale:oee:plant-north', 'unknown'];
    expect(await sut.lastResolvedAt(keys)).toEqual(
      new Map([
        ['off_target:oee:plant-north', 2_500],
        ['stale:oee:plant-north', 900],
      ]),
    );
    expect(await sut.lastResolvedAt([])).toEqual(new Map());
  });

  it('lists the conditions whose latest alert was resolved by hand, with who resolved it and when', async () => {
    // off_target: raised 1000, resolved by hand at 1500 (latest): listed. stale: resolved by hand at 900, then raised
    // again at 1000 (open): not listed. odd: resolved with no actor (its condition cleared): not listed.
    const offTarget = await sut.raise(anAlert());
    await sut.resolve(offTarget.alert.id, 1_500, 'line-lead');
    const stale = await sut.raise(anAlert({ dedupKey: 'stale:oee:plant-north', raisedAt: 800 }));
    await sut.resolve(stale.alert.id, 900, 'line-lead');
    await sut.raise(anAlert({ dedupKey: 'stale:oee:plant-north', raisedAt: 1_000 }));
    const odd = await sut.raise(anAlert({ dedupKey: 'odd:oee:plant-north' }));
    await sut.resolve(odd.alert.id, 1_200, null, 'condition cleared');

    expect(await sut.latestResolvedByHand()).toEqual([
      expect.objectContaining({
        id: offTarget.alert.id,
        dedupKey: 'off_target:oee:plant-north',
        status: 'resolved',
        resolvedAt: 1_500,
        resolvedBy: 'line-lead',
      }),
    ]);
  });

  it('changes the severity and message of an open alert, keeping the change in history', async () => {
    const { alert } = await sut.raise(anAlert());

    const updated = await sut.updateSeverity(alert.id, 'critical', 'OEE is far off target (60% < 75%)', 1_200);

    expect(updated).toMatchObject({
      severity: 'critical',
      message: 'OEE is far off target (60% < 75%)',
      status: 'open',
    });
    const events = await sut.events(alert.id);
    expect(events.map((e) => [e.type, e.detail])).toEqual([
      ['raised', expect.anything()],
      ['severity_changed', 'warning -> critical'],
    ]);
  });

  it('acknowledges then resolves, keeping the history', async () => {
    const { alert } = await sut.raise(anAlert());

    const acked = await sut.acknowledge(alert.id, 'alice', 1_100);
    const resolved = await sut.resolve(alert.id, 1_200, null, 'back on target');

    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedAt: 1_100, acknowledgedBy: 'alice' });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedAt: 1_200, acknowledgedBy: 'alice' });
    expect((await sut.events(alert.id)).map((e) => [e.type, e.actor, e.detail])).toEqual([
      ['raised', null, 'OEE is off target (71% < 75%)'],
      ['acknowledged', 'alice', null],
      ['resolved', null, 'back on target'],
    ]);
  });

  it('refuses to acknowledge a resolved alert', async () => {
    const { alert } = await sut.raise(anAlert());
    await sut.resolve(alert.id, 1_200);

    await expect(sut.acknowledge(alert.id, 'alice')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('fails with NOT_FOUND for an unknown alert', async () => {
    await expect(sut.resolve('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each([
    { level: undefined, expectedLevel: 0, expectedEvent: 'notified' },
    { level: 0, expectedLevel: 0, expectedEvent: 'notified' },
    { level: 2, expectedLevel: 2, expectedEvent: 'escalated' },
  ])('records a notification at level $level as $expectedEvent', async ({ level, expectedLevel, expectedEvent }) => {
    const { alert } = await sut.raise(anAlert());

    const notified = await sut.markNotified(alert.id, 5_000, level);

    expect(notified).toMatchObject({ lastNotifiedAt: 5_000, escalationLevel: expectedLevel });
    expect((await sut.events(alert.id)).at(-1)?.type).toBe(expectedEvent);
  });

  it('lists newest first, filtered by status and unit', async () => {
    const a = await sut.raise(anAlert({ dedupKey: 'a', raisedAt: 1 }));
    await sut.raise(anAlert({ dedupKey: 'b', raisedAt: 2, unitId: 'plant-south' }));
    await sut.raise(anAlert({ dedupKey: 'c', raisedAt: 3 }));
    await sut.resolve(a.alert.id, 4);

    const open = await sut.list({ statuses: ['open', 'acknowledged'], unitIds: ['plant-north'] });

    expect(open.map((x) => x.dedupKey)).toEqual(['c']);
    expect((await sut.list()).map((x) => x.dedupKey)).toEqual(['c', 'b', 'a']);
  });
});
