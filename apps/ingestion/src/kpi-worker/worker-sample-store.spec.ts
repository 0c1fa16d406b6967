import type { LoggedSample } from '@bsc/cluster';
import { BscError, BscErrorCode } from '@bsc/common';
import type { SampleStore } from '../pipeline/pipeline-stores.port';
import { rejectedEntryRecords, storeWorkerBatch } from './worker-sample-store';

const logged = (signalId: string, ts: number, value: number, knownAt?: number): LoggedSample => ({
  signalId,
  ts,
  value,
  quality: 'good',
  source: 'mqtt',
  receivedAt: 5_000,
  ...(knownAt !== undefined && { knownAt }),
});

/**
 * A store that already holds `held` (s1@1000 = 1 unless said otherwise), refuses any write carrying a value of 666,
 * and records what it stored.
 */
function store(held = logged('s1', 1_000, 1)): SampleStore & { rows: Array<LoggedSample & { knownAt?: number }> } {
  const rows: Array<LoggedSample & { knownAt?: number }> = [];
  const isHeld = (k: { signalId: string; ts: number }): boolean => k.signalId === held.signalId && k.ts === held.ts;
  return {
    rows,
    insertNew: <T extends LoggedSample>(part: readonly T[]) => {
      if (part.some((s) => s.value === 666))
        return Promise.reject(new BscError(BscErrorCode.BadInput, 'numeric field overflow'));
      rows.push(...part);
      return Promise.resolve(part.filter((s) => !isHeld(s)));
    },
    readStored: (keys: ReadonlyArray<{ signalId: string; ts: number }>) =>
      Promise.resolve(keys.some(isHeld) ? [held] : []),
  } as unknown as SampleStore & { rows: Array<LoggedSample & { knownAt?: number }> };
}

describe(storeWorkerBatch.name, () => {
  it('stores every sample with its receipt time as the time it became known, unless it carries its own', async () => {
    const s = store();
    const batch = [logged('s2', 1_000, 1), logged('s2', 2_000, 2, 1_500)];
    const result = await storeWorkerBatch(s, batch);
    expect(s.rows.map((r) => r.knownAt)).toEqual([5_000, 1_500]);
    expect(result).toMatchObject({ storable: 2, letters: [] });
    expect(result.fresh).toHaveLength(2);
    expect(result.refused.size).toBe(0);
  });

  it('sets a refused sample aside as a write_refused dead letter and stores the others; one already stored is not fresh', async () => {
    const s = store();
    const poison = logged('s3', 3_000, 666);
    const batch = [logged('s1', 1_000, 1), logged('s2', 2_000, 2), poison, logged('s4', 4_000, 4)];
    const result = await storeWorkerBatch(s, batch);

    expect([...result.refused]).toEqual([poison]);
    expect(result.storable).toBe(3);
    expect(result.fresh.map((r) => r.signalId)).toEqual(['s2', 's4']);
    expect(s.rows.map((r) => r.signalId).sort()).toEqual(['s1', 's2', 's4']);
    expect(result.letters).toEqual([
      expect.objectContaining({
        reason: 'write_refused',
        source: 'mqtt',
        channel: 's3',
        signalId: 's3',
        receivedAt: 5_000,
        detail: 'the database refused the sample: numeric field overflow',
      }),
    ]);
  });

  it('sets 5 for a stored 3 aside as a conflicting_duplicate dead letter; 3 again is a re-delivery', async () => {
    const s = store(logged('s1', 1_000, 3));
    const five = logged('s1', 1_000, 5);
    // s1@1000: 3 stored; 5 ≠ 3 → set aside; 3 = 3 → re-delivery (not fresh, not refused); s2@2000 new
    // → fresh [s2], storable 3 - 1 = 2, refused {5}, one letter
    const result = await storeWorkerBatch(s, [five, logged('s1', 1_000, 3), logged('s2', 2_000, 2)]);

    expect(result.fresh.map((r) => [r.signalId, r.value])).toEqual([['s2', 2]]);
    expect(result.storable).toBe(2);
    expect([...result.refused]).toEqual([five]);
    expect(result.letters).toEqual([
      expect.objectContaining({
        reason: 'conflicting_duplicate',
        source: 'mqtt',
        channel: 's1',
        signalId: 's1',
        receivedAt: 5_000,
        detail: 's1 at 1970-01-01T00:00:01.000Z is stored as 3 (good); refused 5 (good)',
      }),
    ]);
  });

  it('lets a failure a retry may cure through: the batch comes again', async () => {
    const down = { insertNew: () => Promise.reject(new Error('connection terminated')) } as unknown as SampleStore;
    await expect(storeWorkerBatch(down, [logged('s2', 1_000, 1)])).rejects.toThrow('connection terminated');
  });
});

describe(rejectedEntryRecords.name, () => {
  it('keeps an entry that is no sample with its subject, detail and raw bytes (binary ones as base64)', () => {
    const records = rejectedEntryRecords([
      { subject: 'bsc.samples.3', seq: 7, raw: Buffer.from('[1,2'), detail: 'not JSON (partition 3)' },
      { subject: 'bsc.samples.3', seq: 8, raw: Uint8Array.from([0, 255, 1]), detail: 'not JSON (partition 3)' },
    ]);
    expect(records.map((r) => [r.source, r.channel, r.reason, r.payload, r.payloadEncoding])).toEqual([
      ['sample-log', 'bsc.samples.3', 'invalid_log_entry', '[1,2', 'utf8'],
      ['sample-log', 'bsc.samples.3', 'invalid_log_entry', 'AP8B', 'base64'],
    ]);
  });
});
