import type { ReplayHorizon } from '@bsc/kpi';
import { testSample } from '@bsc/common';
import { oldestBeforeReplay } from './kpi-late-sample';

describe(oldestBeforeReplay.name, () => {
  // a KPI reads `a` only; the replay evaluated every period from t = 100 on
  const horizon: ReplayHorizon = { floors: new Map(), signals: new Map([['a', 40]]), from: 40, lateBound: 100 };

  it.each([
    ['none older than the bound', [150, 100], undefined],
    // a at 90 and 50 are before 100: the older, 50; b at 10 is no KPI's input and does not count
    ['the oldest one older than the bound', [150, 90, 50], 50],
  ])('%s', (_, times, expected) => {
    const stored = (signalId: string, ts: number) => ({ ...testSample(signalId, ts, 1), receivedAt: 200 });
    const samples = [...times.map((ts) => stored('a', ts)), stored('b', 10)];
    expect(oldestBeforeReplay(samples, horizon)).toBe(expected);
  });
});
