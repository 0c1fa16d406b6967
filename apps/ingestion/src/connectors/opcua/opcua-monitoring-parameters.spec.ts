import { subscriptionLifetimeCount } from './opcua-monitoring-parameters';

describe(subscriptionLifetimeCount.name, () => {
  it.each([
    // 60,000 ms session timeout / 100 ms publishing interval = 600 intervals, 60 s: as long as the session
    ['100 ms publishing, 60 s session', 100, 60_000, 600],
    // 60,000 / 1,000 = 60 intervals
    ['1 s publishing, 60 s session', 1_000, 60_000, 60],
    // 60,000 / 7,000 = 8.57, up to 9 intervals (63 s); below 3 x 10 keep-alives, so 30 (Part 4 5.13.2)
    ['7 s publishing, 60 s session', 7_000, 60_000, 30],
    // a session that does not say its timeout: NaN intervals, so 3 x 10 keep-alives
    ['100 ms publishing, session timeout unknown', 100, NaN, 30],
  ])('%s: %i', (_case, publishingInterval, sessionTimeout, expected) => {
    expect(subscriptionLifetimeCount(publishingInterval, sessionTimeout)).toBe(expected);
  });
});
