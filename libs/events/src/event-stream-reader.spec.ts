import { untilStreamKnown } from './event-stream-reader';

describe(untilStreamKnown.name, () => {
  it('asks again while the cluster does not know a stream just created, then answers', async () => {
    let calls = 0;
    const task = () => (++calls < 3 ? Promise.reject(new Error('stream not found')) : Promise.resolve('info'));

    await expect(untilStreamKnown(task)).resolves.toBe('info');
    expect(calls).toBe(3);
  });

  it('throws any other error at once', async () => {
    let calls = 0;
    const task = () => {
      calls++;
      return Promise.reject(new Error('insufficient resources'));
    };

    await expect(untilStreamKnown(task)).rejects.toThrow('insufficient resources');
    expect(calls).toBe(1);
  });
});
