import { writeAroundRefused } from './write-around-refused';

class Refused extends Error {}

/** A store that refuses a whole call when it holds a poison item, and records the calls it got. */
function store(poison: ReadonlySet<number>) {
  const calls: number[][] = [];
  const rows: number[] = [];
  const write = (part: number[]): Promise<number[]> => {
    calls.push(part);
    if (part.some((x) => poison.has(x))) return Promise.reject(new Refused(`refused ${part.join(',')}`));
    rows.push(...part);
    return Promise.resolve(part.map((x) => x * 10));
  };
  return { calls, rows, write };
}

const refusedForGood = (error: unknown) => error instanceof Refused;

describe(writeAroundRefused.name, () => {
  it('writes everything in one call when nothing is refused', async () => {
    const s = store(new Set());
    const result = await writeAroundRefused([1, 2, 3], s.write, refusedForGood);
    expect(result).toEqual({ written: [10, 20, 30], refused: [] });
    expect(s.calls).toEqual([[1, 2, 3]]);
  });

  it('makes no call for nothing', async () => {
    const s = store(new Set());
    expect(await writeAroundRefused([], s.write, refusedForGood)).toEqual({ written: [], refused: [] });
    expect(s.calls).toEqual([]);
  });

  it('halves a refused call until the poison item is alone: 8 items, poison 6', async () => {
    const s = store(new Set([6]));
    const result = await writeAroundRefused([1, 2, 3, 4, 5, 6, 7, 8], s.write, refusedForGood);
    // [1..8] refused; [1..4] written; [5..8] refused; [5,6] refused; [5] written; [6] refused; [7,8] written
    expect(s.calls).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4], [5, 6, 7, 8], [5, 6], [5], [6], [7, 8]]);
    expect(s.rows).toEqual([1, 2, 3, 4, 5, 7, 8]);
    expect(result.written).toEqual([10, 20, 30, 40, 50, 70, 80]);
    expect(result.refused.map((r) => r.item)).toEqual([6]);
    expect(result.refused[0].error).toBeInstanceOf(Refused);
  });

  it('finds every poison item, the first and the last among them', async () => {
    const s = store(new Set([1, 4, 5]));
    const result = await writeAroundRefused([1, 2, 3, 4, 5], s.write, refusedForGood);
    expect(result.refused.map((r) => r.item)).toEqual([1, 4, 5]);
    expect(s.rows).toEqual([2, 3]);
  });

  it('lets any other failure through, from whichever part it comes', async () => {
    let calls = 0;
    const write = (part: number[]): Promise<number[]> => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Refused('poison'));
      return part.includes(3) ? Promise.reject(new Error('connection lost')) : Promise.resolve(part);
    };
    await expect(writeAroundRefused([1, 2, 3, 4], write, refusedForGood)).rejects.toThrow('connection lost');
  });
});
