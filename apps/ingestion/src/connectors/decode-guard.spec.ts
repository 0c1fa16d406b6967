import { tryDecode } from './decode-guard';

function overflow(depth: number): number {
  return overflow(depth + 1) + 1;
}

const throwing = (thrown: unknown) => () => {
  throw thrown;
};

describe(tryDecode.name, () => {
  it('passes the decoded value on', () => {
    expect(tryDecode(() => 42)).toEqual({ ok: true, value: 42 });
  });

  it.each<[string, () => unknown, string]>([
    ['a stack overflow', () => overflow(0), 'decoding threw: Maximum call stack size exceeded'],
    ['an error', throwing(new TypeError('bad varint')), 'decoding threw: bad varint'],
    ['text', throwing('no'), 'decoding threw: no'],
    [
      'an array nested 100,000 deep',
      throwing(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000))),
      'decoding threw: a non-error value',
    ],
    [
      'a long message, cut to 200 characters',
      throwing(new Error('x'.repeat(1_000))),
      `decoding threw: ${'x'.repeat(200)}`,
    ],
  ])('turns %s into a detail', (_, decode, detail) => {
    expect(tryDecode(decode)).toEqual({ ok: false, detail });
  });
});
