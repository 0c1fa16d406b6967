import { nabLoss } from './nab-loss';
import { NAB_PROFILES, scoreNab } from './nab-scorer';
import { tinyFile } from './test-support/nab-tiny-file';

const [standard, , lowFn] = NAB_PROFILES;

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
