import { BscError } from '@bsc/common';
import { connectionOf, decodeCursor, encodeCursor, paginate } from './paginate';

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

describe(connectionOf.name, () => {
  // a store page read one row beyond the page: rows 11, 12, 13 at offset 10 with pages of 2
  const rows = [11, 12, 13];
  const sut = connectionOf(rows, 2, { totalCount: 13, hasPreviousPage: true }, (_, i) => String(10 + i + 1), String);

  it('keeps the page and tells that more follow from the extra row', () => {
    expect(sut.nodes).toEqual(['11', '12']);
    expect(sut.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: encodeCursor('11'),
      endCursor: encodeCursor('12'),
    });
    expect(sut.totalCount).toBe(13);
  });

  it('has no next page and no cursors when the page is empty', () => {
    const empty = connectionOf([], 2, { totalCount: 0, hasPreviousPage: false }, String, String);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null });
  });
});
