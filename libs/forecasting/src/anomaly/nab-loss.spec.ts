import { nabLoss } from './nab-loss';
import { NAB_PROFILES, NabFileResult, scoreNab } from './nab-scorer';

const [standard, , lowFn] = NAB_PROFILES;
const MINUTE = 60_000;

/**
 * 20 records one minute apart, one window over records 10..13 (width 4); probation floor(0.15·20) = 3 records.
 * Scores: 0.95 at record 1 (probation), 0.8 at 5 (before the window), 0.9 at 11, 0.7 at 14 (just after it).
 */
function tinyFile(): NabFileResult {
  const scores = new Array<number>(20).fill(0);
  scores[1] = 0.95;
  scores[5] = 0.8;
  scores[11] = 0.9;
  scores[14] = 0.7;
  return {
    name: 'tiny.csv',
    timestamps: scores.map((_, i) => i * MINUTE),
    scores,
    windows: [{ start: 10 * MINUTE, end: 13 * MINUTE }],
  };
}

describe(nabLoss.name, () => {
  it('splits what a detection at threshold 0.75 loses into lateness and false positives', () => {
    // record 11 is caught at −(13 − 11 + 1)/4 = −0.75: reward tanh(1.875)/tanh(2.5) = 0.9669890878000608, so late
    // 1 − 0.9669890878000608 = 0.0330109121999392; record 5 is a false positive before any window: the full 0.11
    const sut = nabLoss([tinyFile()], standard, 0.75);
    expect(sut.missed).toBe(0);
    expect(sut.late).toBeCloseTo(0.0330109121999392, 12);
    expect(sut.falsePositives).toBeCloseTo(0.11, 12);
  });

  it('charges a detection just after the window by its distance', () => {
    // at 0.65 record 14 counts too, 1/(4 − 1) widths after the window: 0.11·tanh(5/6) = 0.07504879692619867
    expect(nabLoss([tinyFile()], standard, 0.65).falsePositives).toBeCloseTo(0.11 + 0.07504879692619867, 12);
  });

  it('charges a missed window A_TP + A_FN (the probation is never scored)', () => {
    // at 0.95 only record 1, in the probation, is a detection: the window is missed, 1 + 1 (standard), 1 + 2 (low-FN)
    expect(nabLoss([tinyFile()], standard, 0.95)).toEqual({ missed: 2, late: 0, falsePositives: 0 });
    expect(nabLoss([tinyFile()], lowFn, 0.95).missed).toBe(3);
  });

  it('adds up to the perfect score less the raw score', () => {
    for (const threshold of [0.65, 0.75, 0.85, 0.95]) {
      const loss = nabLoss([tinyFile()], standard, threshold);
      const score = scoreNab([tinyFile()], standard, threshold);
      expect(loss.missed + loss.late + loss.falsePositives).toBeCloseTo(score.perfectRaw - score.raw, 12);
    }
  });
});
