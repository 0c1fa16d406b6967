import { kpiWorkerHealth } from './kpi-worker-health';

describe(kpiWorkerHealth.name, () => {
  it.each([
    ['no partition held: ready', [], [], true, undefined],
    ['partitions moving: ready', [0, 3], [], true, undefined],
    [
      'a batch failing: degraded, with the error',
      [0, 3],
      [{ partition: 3, sinceMs: 45_200, error: 'connection refused' }],
      false,
      'partition 3 not moving for 45 s: connection refused',
    ],
    [
      'a handler that does not return: degraded, no error to tell',
      [1, 2],
      [
        { partition: 1, sinceMs: 31_000, error: null },
        { partition: 2, sinceMs: 90_000, error: null },
      ],
      false,
      'partitions 1, 2 not moving for 90 s',
    ],
  ] as const)('%s', (_, held, stuck, ok, reason) => {
    const result = kpiWorkerHealth(held, stuck);
    expect(result.ok).toBe(ok);
    expect((result.detail as { reason?: string }).reason).toBe(reason);
    expect((result.detail as { partitions: number[] }).partitions).toEqual(held);
  });
});
