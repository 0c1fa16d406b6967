import { tinyFile } from './test-support/nab-tiny-file';
import { NAB_PROFILES, probationLength, scaledSigmoid, scoreNab, sweepFile } from './nab-scorer';

const [standard, lowFp, lowFn] = NAB_PROFILES;

// 2·sigmoid(y) − 1 = tanh(y/2), so the hand values below are tanh's.
// Largest true-positive weight: scaledSigmoid(−1) = tanh(2.5) = 0.9866142981514303.
// Record 11 sits at −(13 − 11 + 1)/4 = −0.75 in the window: tanh(1.875)/tanh(2.5) = 0.9540452601799487/0.9866142981514303.
const TP_AT_11 = 0.9669890878000608;
// Record 14 is 1/(4 − 1) window-widths after the window: scaledSigmoid(1/3) = tanh(−5/6); × 0.11 = −0.07504879692619867.
const FP_AT_14 = -0.07504879692619867;

describe('NAB scorer', () => {
  it('has NAB probation: 15 % of the file, at most 750 records', () => {
    expect(probationLength(20)).toBe(3); // floor(3.0)
    expect(probationLength(4032)).toBe(604); // floor(604.8)
    expect(probationLength(22695)).toBe(750); // capped at 0.15 · 5000
  });

  it('shapes the scaled sigmoid: +1 early, 0 at the window edge, −1 far after', () => {
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(-1)).toBeCloseTo(0.9866142981514303, 15); // tanh(2.5)
    expect(scaledSigmoid(3.0001)).toBe(-1);
  });

  it('gives each record its sweep score: −A_FP before any window, scaled by position inside and after', () => {
    const sut = sweepFile(tinyFile(), standard);
    expect(sut.sweep[5]).toBeCloseTo(-0.11, 15); // no window before: full cost
    expect(sut.sweep[10]).toBeCloseTo(1, 15); // first record of the window: A_TP exactly
    expect(sut.sweep[11]).toBeCloseTo(TP_AT_11, 12);
    expect(sut.sweep[14]).toBeCloseTo(FP_AT_14, 12);
    expect(sut.sweep[19]).toBeCloseTo(-0.11 * Math.tanh(5), 12); // 6/3 = 2 widths after: tanh(−5)
    expect(Array.from(sut.window.slice(0, 4))).toEqual([-2, -2, -2, -1]); // probation, then outside
    expect(sut.scorableWindows).toBe(1);
  });

  it('optimises the threshold: the window detected at record 11 and no false positive', () => {
    const sut = scoreNab([tinyFile()], standard);
    // rows: 1.1 → −1 (missed window); 0.9 → 0.96699; 0.8 → 0.96699 − 0.11; 0.7 → −0.07505 more; 0 → worse
    expect(sut.threshold).toBe(0.9);
    expect(sut.raw).toBeCloseTo(TP_AT_11, 12);
    expect(sut.nullRaw).toBe(-1);
    expect(sut.perfectRaw).toBe(1);
    // 100 · (0.96699 + 1) / (1 + 1)
    expect(sut.normalised).toBeCloseTo(98.34945439000305, 9);
    // 17 scorable records: 4 in the window, 13 outside; the 0.95 in probation is not counted
    expect(sut.counts).toEqual({ tp: 1, fp: 0, fn: 3, tn: 13 });
  });

  it('scores a fixed threshold: detections are scores at or above it', () => {
    const sut = scoreNab([tinyFile()], standard, 0.7);
    // 0.96699 − 0.11 (record 5) − 0.07505 (record 14) = 0.7819402908738621
    expect(sut.raw).toBeCloseTo(0.7819402908738621, 12);
    expect(sut.counts).toEqual({ tp: 1, fp: 2, fn: 3, tn: 11 });
  });

  it('weights the profiles: low-FN doubles the miss cost, so the null detector scores −2 per window', () => {
    const sut = scoreNab([tinyFile()], lowFn);
    // 100 · (0.96699 + 2) / (1 + 2)
    expect(sut.normalised).toBeCloseTo(98.89963626000203, 9);
    expect(scoreNab([tinyFile()], lowFp).threshold).toBe(0.9);
  });

  it('counts only the first detection of a window and keeps windows of different files apart', () => {
    const a = tinyFile();
    const b = { ...tinyFile(), name: 'twin.csv', scores: a.timestamps.map((_, i) => (i >= 10 && i <= 13 ? 0.9 : 0)) };
    const sut = scoreNab([a, b], standard, 0.9);
    // file a: 0.96699 (record 11); file b: 1 (record 10, first of the window), 11..13 add nothing
    expect(sut.raw).toBeCloseTo(TP_AT_11 + 1, 12);
    expect(sut.nullRaw).toBe(-2);
  });
});
