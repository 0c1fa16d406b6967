import { HistoryArrival } from './history-arrival';

const DAY = 86_400_000;
const QUIET = 60_000;
// 3 Dec 2026 10:00 UTC; its day starts at midnight
const T0 = Date.UTC(2026, 11, 3, 10);
const TODAY = Date.UTC(2026, 11, 3);
const dayStartOf = (t: number): number => Math.floor(t / DAY) * DAY;
const at = (...ts: number[]): Array<{ ts: number }> => ts.map((t) => ({ ts: t }));

describe(HistoryArrival.name, () => {
  let sut: HistoryArrival;

  beforeEach(() => {
    sut = new HistoryArrival(dayStartOf, QUIET);
  });

  it('is settled when nothing but live samples (today) arrive', () => {
    sut.note(at(TODAY + 1000, T0 - 5000), T0);

    expect(sut.loading(T0)).toBeNull();
    expect(sut.beginRun(T0)).toBeNull();
  });

  it('is loading while samples for past days keep arriving, and settles after a quiet minute', () => {
    // a backfill: 2 samples of 1 Dec at 10:00:00, 3 of 2 Dec 20 s later (one of them live, not counted)
    sut.note(at(TODAY - 2 * DAY, TODAY - 2 * DAY + 1), T0);
    sut.note(at(TODAY - DAY, TODAY - 1, T0), T0 + 20_000);

    expect(sut.loading(T0 + 30_000)).toBe(
      'history still arriving: 4 samples for past days (from 2026-12-01), the last 10 s ago',
    );
    // 60 s after the last arrival (10:00:20): settled
    expect(sut.loading(T0 + 79_999)).not.toBeNull();
    expect(sut.loading(T0 + 80_000)).toBeNull();
  });

  it('counts a new burst after a quiet spell on its own', () => {
    sut.note(at(TODAY - 5 * DAY), T0);
    sut.note(at(TODAY - DAY), T0 + QUIET + 1);

    expect(sut.loading(T0 + QUIET + 1)).toBe(
      'history still arriving: 1 sample for past days (from 2026-12-02), the last 0 s ago',
    );
  });

  it('a run that read loading history is due again once it settles, and only once', () => {
    sut.note(at(TODAY - DAY), T0);
    expect(sut.beginRun(T0 + 1000)).not.toBeNull(); // provisional

    expect(sut.rerunDue(T0 + 30_000)).toBe(false); // still within the quiet minute
    expect(sut.rerunDue(T0 + QUIET)).toBe(true);

    expect(sut.beginRun(T0 + QUIET)).toBeNull(); // the re-run reads settled history
    expect(sut.rerunDue(T0 + 2 * QUIET)).toBe(false);
  });

  it('a run that read settled history is due again when history arrives after it began, once that settles', () => {
    expect(sut.beginRun(T0)).toBeNull();
    expect(sut.rerunDue(T0 + QUIET)).toBe(false);

    sut.note(at(TODAY - 3 * DAY), T0 + 5000); // a connector catching up after the run began

    expect(sut.rerunDue(T0 + 5000 + QUIET - 1)).toBe(false);
    expect(sut.rerunDue(T0 + 5000 + QUIET)).toBe(true);
  });

  it('history that arrived and settled before a run leaves that run alone', () => {
    sut.note(at(TODAY - DAY), T0);

    expect(sut.beginRun(T0 + QUIET)).toBeNull();
    expect(sut.rerunDue(T0 + 2 * QUIET)).toBe(false);
  });
});
