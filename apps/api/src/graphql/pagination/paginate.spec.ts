import { BscError } from '@bsc/common';
import { decodeCursor, encodeCursor, paginate } from './paginate';

const items = Array.from({ length: 7 }, (_, i) => ({ id: `k${i}` }));
const keyOf = (item: { id: string }) => item.id;

describe(paginate.name, () => {
  it('walks every item exactly once, page by page', () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const sut: ReturnType<typeof paginate<{ id: string }>> = paginate(items, keyOf, { first: 3, after }, 10);
      seen.push(...sut.nodes.map(keyOf));
      after = sut.pageInfo.hasNextPage ? sut.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(seen).toEqual(items.map(keyOf));
    expect(pages).toBe(3);
  });

  it.each([
    [{ first: 11 }, /first: must be between 1 and 10/],
    [{ first: 0 }, /first: must be between 1 and 10/],
    [{ after: 'garbage!' }, /after: not a cursor/],
    [{ after: encodeCursor('gone') }, /after: cursor no longer matches/],
  ])('refuses %p', (args, message) => {
    expect(() => paginate(items, keyOf, args, 10)).toThrow(BscError);
    expect(() => paginate(items, keyOf, args, 10)).toThrow(message);
  });

  it('round-trips cursors', () => {
    expect(decodeCursor(encodeCursor('oee_line1'))).toBe('oee_line1');
  });
});
