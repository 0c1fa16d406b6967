import { OverlappedDelivery } from './overlapped-delivery';

const FALLBACK_MS = 10;
const nextImmediate = (): Promise<void> => new Promise((r) => setImmediate(r));
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe(OverlappedDelivery.name, () => {
  it("runs a scheduled step once the next write's insert is sent, not at once and not again at the fallback", async () => {
    const sut = new OverlappedDelivery(FALLBACK_MS);
    const runs: string[] = [];
    sut.schedule(() => runs.push('a'));
    expect(runs).toEqual([]);

    sut.writeSent();
    expect(runs).toEqual([]);
    await nextImmediate();
    expect(runs).toEqual(['a']);
    await wait(FALLBACK_MS * 2);
    expect(runs).toEqual(['a']);
  });

  it('runs a scheduled step after the fallback wait when no write follows', async () => {
    const sut = new OverlappedDelivery(FALLBACK_MS);
    const runs: string[] = [];
    sut.schedule(() => runs.push('a'));
    await nextImmediate();
    expect(runs).toEqual([]);
    await wait(FALLBACK_MS * 2);
    expect(runs).toEqual(['a']);
  });

  it('keeps one step pending (it hands over everything due) and does nothing on a send with none pending', async () => {
    const sut = new OverlappedDelivery(FALLBACK_MS);
    const runs: string[] = [];
    sut.writeSent();
    sut.schedule(() => runs.push('a'));
    sut.schedule(() => runs.push('b'));
    sut.writeSent();
    await nextImmediate();
    expect(runs).toEqual(['a']);
    sut.schedule(() => runs.push('c'));
    sut.writeSent();
    await nextImmediate();
    expect(runs).toEqual(['a', 'c']);
  });
});
