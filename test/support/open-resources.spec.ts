import { closeLeftOpen, trackOpen } from './open-resources';

describe('open resources', () => {
  const resource = (log: string[], name: string) => ({
    close: () => {
      log.push(`closed ${name}`);
      return Promise.resolve();
    },
  });

  it('closes a start that arrives after its hook gave up, and names it', async () => {
    const log: string[] = [];
    let arrive!: () => void;
    void trackOpen(
      'late app',
      new Promise<{ close(): Promise<void> }>((r) => (arrive = () => r(resource(log, 'app')))),
    );

    const closing = closeLeftOpen(globalThis, 5_000);
    expect(log).toEqual([]);
    arrive();

    expect(await closing).toEqual(['late app']);
    expect(log).toEqual(['closed app']);
  });

  it('closes what a timed-out hook goes on to start once its first start arrives', async () => {
    const log: string[] = [];
    let arrive!: () => void;
    const hook = async () => {
      await trackOpen('app', new Promise<ReturnType<typeof resource>>((r) => (arrive = () => r(resource(log, 'app')))));
      await trackOpen('browser', Promise.resolve(resource(log, 'browser')));
    };
    void hook();

    const closing = closeLeftOpen(globalThis, 5_000);
    arrive();

    expect(await closing).toEqual(['app', 'browser']);
    expect(log).toEqual(['closed app', 'closed browser']);
  });

  it('leaves alone what the file closed and what failed to start', async () => {
    const log: string[] = [];
    const app = await trackOpen('app', Promise.resolve(resource(log, 'app')));
    await app.close();
    await expect(trackOpen('browser', Promise.reject(new Error('no browser')))).rejects.toThrow('no browser');

    expect(await closeLeftOpen(globalThis, 5_000)).toEqual([]);
    expect(log).toEqual(['closed app']);
  });

  it('gives up on a start that never ends', async () => {
    void trackOpen('hung', new Promise<{ close(): Promise<void> }>(() => undefined));

    expect(await closeLeftOpen(globalThis, 10)).toEqual(['hung']);
    expect(await closeLeftOpen(globalThis, 10)).toEqual([]);
  });
});
