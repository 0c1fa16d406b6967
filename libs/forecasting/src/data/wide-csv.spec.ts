import { formatWideCsv, parseWideCsv, splitCsvLine } from './wide-csv';

describe('parseWideCsv', () => {
  it.each([
    [
      'plain header',
      'id,v1,v2,v3\nA,1,2,3\nB,4,5,\n',
      [
        { id: 'A', values: [1, 2, 3] },
        { id: 'B', values: [4, 5] },
      ],
    ],
    [
      'M4 quoted header',
      '"V1","V2","V3"\n"W1","1.5","2"\n"W2","3",""\n',
      [
        { id: 'W1', values: [1.5, 2] },
        { id: 'W2', values: [3] },
      ],
    ],
    [
      'no header, NA padding, CRLF',
      'Q1,1,2,NA\r\nQ2,3,NA,NA\r\n',
      [
        { id: 'Q1', values: [1, 2] },
        { id: 'Q2', values: [3] },
      ],
    ],
    ['quoted id with a comma', '"a,b",7\n', [{ id: 'a,b', values: [7] }]],
  ])('reads %s', (_, text, expected) => {
    expect(parseWideCsv(text)).toEqual(expected);
  });

  it('rejects a gap inside a series', () => {
    expect(() => parseWideCsv('id,v1,v2,v3\nA,1,,3\n')).toThrow(/gaps are not allowed/);
  });

  it('splits quoted fields with escaped quotes', () => {
    expect(splitCsvLine('"x""y",1,"2"')).toEqual(['x"y', '1', '2']);
  });
});

describe('formatWideCsv', () => {
  it('writes id,F1..FH padding short rows, and reads back', () => {
    const rows = [
      { id: 'A', values: [1.25, 2] },
      { id: 'B', values: [3] },
    ];
    const sut = formatWideCsv(rows);
    expect(sut).toBe('id,F1,F2\nA,1.25,2\nB,3,\n');
    expect(parseWideCsv(sut)).toEqual(rows);
  });
});
