import { OverlappedDelivery } from './overlapped-delivery';

const FALLBACK_MS = 10;

// Fake timers (setImmediate included): on a loaded machine a real 10 ms fallback can fire before the next
// immediate, so real clocks made the "not yet" checks flaky.
describe(OverlappedDelivery.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const runImmediates = (): void => {
    jest.advanceTimersByTime(0);
  };

  it("runs a scheduled step once the next write's insert is sent, not at once and not again at the fallback", () => {
    const sut = new OverlappedDelivery(FALLBACK_MS);
    const runs: string[] = [];
    sut.schedule(() => runs.push('a'));
    expect(runs).toEqual([]);

    sut.writeSent();
    expect(runs).toEqual([]);
    runImmediates();
    expect(runs).toEqual(['a']);
    jest.advanceTimersByTime(FALLBACK_MS * 2);
    expect(runs).toEqual(['a']);
  });

  it('runs a scheduled step after the fallback wait when no write follows', () => {
    const sut = new OverlappedDelivery(FALLBACK_MS);
    const runs: string[] = [];
    sut.schedule(() => runs.push('a'));
    runImmediates();
    jest.advanceTimersByTime(FALLBACK_MS - 1);
    expect(runs).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(runs).toEqual(['a']);
  });

  it('keeps one step pending (it hands over everything due) and does nothing on a send with none pending', () => {
    const sut = new OverlappedDelivery(FALLBACK_MS);
    const runs: string[] = [];
    sut.writeSent();
    sut.schedule(() => runs.push('a'));
    sut.schedule(() => runs.push('b'));
    sut.writeSent();
    runImmediates();
    expect(runs).toEqual(['a']);
    sut.schedule(() => runs.push('c'));
    sut.writeSent();
    runImmediates();
    expect(runs).toEqual(['a', 'c']);
  });
});
