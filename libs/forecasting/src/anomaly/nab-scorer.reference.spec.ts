import { join } from 'path';
import { readNabCorpus, readNabDetectorScores } from './nab-corpus';
import { NAB_PROFILES, NabFileResult, scoreNab } from './nab-scorer';
import { scoreSeries } from './score-series';
import { NAB_DATA_DIR, describeWithNab } from './test-support/nab-data';

// NAB's own scorer on the published windowedGaussian outputs of these 42 files (69 windows), as restated in the
// data's README: optimised threshold, raw score, null/perfect raw and the normalised score per profile.
const EXPECTED = {
  standard: { threshold: 0.999999999999, raw: -26.83365591195297, nullRaw: -69, perfectRaw: 69, normalised: 30.555322 },
  reward_low_FP_rate: { threshold: 1.0, raw: -46.41469164329936, nullRaw: -69, perfectRaw: 69, normalised: 16.366165 },
  reward_low_FN_rate: {
    threshold: 0.999999999999,
    raw: -60.833655911952974,
    nullRaw: -138,
    perfectRaw: 69,
    normalised: 37.278427,
  },
};

describeWithNab('NAB scorer on NAB published windowedGaussian results', () => {
  let files: NabFileResult[];
  beforeAll(() => {
    files = readNabCorpus(NAB_DATA_DIR).map((s) => ({
      name: s.key,
      timestamps: s.timestamps,
      windows: s.windows,
      scores: readNabDetectorScores(join(NAB_DATA_DIR, 'reference-results'), 'windowedGaussian', s.key),
    }));
  });

  it.each(NAB_PROFILES.map((p) => [p.name, p] as const))(
    'reproduces NAB figures for the %s profile',
    (name, profile) => {
      const expected = EXPECTED[name as keyof typeof EXPECTED];
      const sut = scoreNab(files, profile);
      expect(sut.threshold).toBe(expected.threshold);
      expect(Math.abs(sut.raw - expected.raw)).toBeLessThan(1e-9);
      expect(sut.nullRaw).toBe(expected.nullRaw);
      expect(sut.perfectRaw).toBe(expected.perfectRaw);
      // the README rounds to 6 decimals
      expect(Math.abs(sut.normalised - expected.normalised)).toBeLessThan(1e-6);
    },
  );

  it('counts records as NAB does at the standard optimum', () => {
    expect(scoreNab(files, NAB_PROFILES[0]).counts).toEqual({ tp: 311, fp: 200, fn: 16573, tn: 156455 });
  });
});

describeWithNab('platform signal detector on NAB', () => {
  it('beats NAB windowedGaussian on the same files under every profile', () => {
    const corpus = readNabCorpus(NAB_DATA_DIR);
    const ours = corpus.map((s) => ({
      name: s.key,
      timestamps: s.timestamps,
      windows: s.windows,
      scores: scoreSeries(s.values, s.timestamps),
    }));
    for (const [profile, reference] of NAB_PROFILES.map(
      (p) => [p, EXPECTED[p.name as keyof typeof EXPECTED]] as const,
    )) {
      expect([profile.name, scoreNab(ours, profile).normalised > reference.normalised]).toEqual([profile.name, true]);
    }
  });
});
