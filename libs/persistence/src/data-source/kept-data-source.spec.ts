import type { DataSource } from 'typeorm';
import { KeptDataSource } from './kept-data-source';

/** A stand-in DataSource: initialised until destroyed. */
function fakeSource(): DataSource & { destroyed: number } {
  const source = {
    isInitialized: true,
    destroyed: 0,
    destroy: () => {
      source.isInitialized = false;
      source.destroyed += 1;
      return Promise.resolve();
    },
  };
  return source as unknown as DataSource & { destroyed: number };
}

describe(KeptDataSource.name, () => {
  function keeper(outcomes: Array<'ok' | 'refused'>) {
    const opened: Array<DataSource & { destroyed: number }> = [];
    const open = jest.fn(() => {
      if (outcomes.shift() === 'refused') return Promise.reject(new Error('connection refused'));
      opened.push(fakeSource());
      return Promise.resolve(opened[opened.length - 1]);
    });
    return { sut: new KeptDataSource({ databaseUrl: 'postgres://db/test' }, open), open, opened };
  }

  it('opens once for jobs one after another and for jobs that ask at the same time', async () => {
    const { sut, open, opened } = keeper(['ok']);

    const [a, b] = await Promise.all([sut.get(), sut.get()]);
    const c = await sut.get();

    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith({ databaseUrl: 'postgres://db/test' });
    expect([a, b, c]).toEqual([opened[0], opened[0], opened[0]]);
  });

  it('opens again once the kept source was destroyed behind its back', async () => {
    const { sut, open, opened } = keeper(['ok', 'ok']);
    await (await sut.get()).destroy();

    const again = await sut.get();

    expect(open).toHaveBeenCalledTimes(2);
    expect(again).toBe(opened[1]);
  });

  it('does not keep a failed opening: the next job tries again', async () => {
    const { sut, open, opened } = keeper(['refused', 'ok']);

    await expect(sut.get()).rejects.toThrow('connection refused');
    const again = await sut.get();

    expect(open).toHaveBeenCalledTimes(2);
    expect(again).toBe(opened[0]);
  });

  it('closes the kept source once, and a later job opens a new one', async () => {
    const { sut, open, opened } = keeper(['ok', 'ok']);
    await sut.get();

    await sut.close();
    await sut.close();
    const later = await sut.get();

    expect(opened[0].destroyed).toBe(1);
    expect(later).toBe(opened[1]);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('closes without opening when it never opened, and after a failed opening', async () => {
    const { sut, open } = keeper(['refused']);
    await sut.close();
    await expect(sut.get()).rejects.toThrow('connection refused');

    await expect(sut.close()).resolves.toBeUndefined();
    expect(open).toHaveBeenCalledTimes(1);
  });
});
