import { AnomalyEpisode } from './anomaly-episode';

describe('AnomalyEpisode', () => {
  it('tells an episode once per further decade and ends it after a run of ordinary samples', () => {
    // ordinary below 1 decade, margin 1 decade, 3 ordinary samples end an episode. By hand:
    //   0.5 ordinary (quiet 1) → 0;  2 first of an episode → 2;  2.5 ≤ 2 + 1 → 0;  3.2 > 3 → 3.2 (bar 3.2);
    //   0.4, 0.3 ordinary (quiet 1, 2) → 0;  0.2 quiet 3: the episode ends → 0;
    //   2.1 first of a new episode → 2.1;  0.9 ordinary (quiet 1) → 0;  3.0 ≤ 2.1 + 1 (same episode) → 0
    const episode = new AnomalyEpisode(1, 1, 3);
    const told = [0.5, 2, 2.5, 3.2, 0.4, 0.3, 0.2, 2.1, 0.9, 3.0].map((s) => episode.tell(s));
    expect(told).toEqual([0, 2, 0, 3.2, 0, 0, 0, 2.1, 0, 0]);
  });

  it('tells a build-up that rises by less than a decade per sample as it passes each further decade', () => {
    // bar after each told value: 1.5 → told (bar 1.5); 1.9, 2.3 ≤ 2.5 → 0; 2.7 > 2.5 → told (bar 2.7);
    // 3.1, 3.5 ≤ 3.7 → 0; 3.9 > 3.7 → told. A bar that followed every sample (1.9, 2.3 …) would never be passed.
    const episode = new AnomalyEpisode(1, 1, 64);
    const told = [1.5, 1.9, 2.3, 2.7, 3.1, 3.5, 3.9].map((s) => episode.tell(s));
    expect(told).toEqual([1.5, 0, 0, 2.7, 0, 0, 3.9]);
  });

  it('keeps the episode open when an ordinary run is interrupted', () => {
    // quiet 1, 2, then 1.2 is not ordinary (quiet back to 0) and ≤ 5 + 1 → 0; two more ordinary: quiet 2 < 3,
    // so 5.5 ≤ 6 is still inside the episode → 0
    const episode = new AnomalyEpisode(1, 1, 3);
    const told = [5, 0, 0, 1.2, 0, 0, 5.5].map((s) => episode.tell(s));
    expect(told).toEqual([5, 0, 0, 0, 0, 0, 0]);
  });
});
