import { buildSchema, parse } from 'graphql';
import { findOversizedStringArgument, oversizedStringError } from './string-argument-limit';

const schema = buildSchema(`
  input Filter { search: String, tags: [String!] }
  type Query { items(filter: Filter, after: String, first: Int): [String!]! }
  type Mutation { importModel(document: String!): Boolean, note(text: String!): Boolean }
`);
const LIMIT = 10;
const sut = (query: string, variables?: Record<string, unknown>) =>
  findOversizedStringArgument(schema, parse(query), variables, LIMIT);

describe(findOversizedStringArgument.name, () => {
  it('accepts strings of exactly the limit, literal or variable', () => {
    expect(sut('{ items(after: "0123456789") }')).toBeUndefined();
    expect(sut('query($a: String) { items(after: $a) }', { a: '0123456789' })).toBeUndefined();
  });

  it.each([
    ['a literal argument', '{ items(after: "01234567890") }', undefined, 'items(after)'],
    ['a variable argument', 'query($a: String) { items(after: $a) }', { a: 'x'.repeat(11) }, 'items(after)'],
    [
      'an input field of a literal object',
      '{ items(filter: { search: "01234567890" }) }',
      undefined,
      'items(filter.search)',
    ],
    [
      'a variable inside a literal list',
      'query($t: String!) { items(filter: { tags: ["a", $t] }) }',
      { t: 'x'.repeat(11) },
      'items(filter.tags[1])',
    ],
    [
      'a whole input object variable',
      'query($f: Filter) { items(filter: $f) }',
      { f: { tags: ['ok', 'x'.repeat(11)] } },
      'items(filter.tags[1])',
    ],
    ['a mutation argument', 'mutation { note(text: "01234567890") }', undefined, 'note(text)'],
    [
      'a fragment',
      'query($a: String) { ...F } fragment F on Query { items(after: $a) }',
      { a: 'x'.repeat(11) },
      'items(after)',
    ],
  ])('finds an oversized string in %s and names it', (_case, query, variables, argument) => {
    expect(sut(query, variables)).toEqual({ argument, length: 11 });
  });

  it('leaves model documents to the body cap', () => {
    expect(sut('mutation($d: String!) { importModel(document: $d) }', { d: 'x'.repeat(1_000) })).toBeUndefined();
  });

  it('ignores variables the operation does not use', () => {
    expect(sut('{ items(first: 1) }', { unused: 'x'.repeat(1_000) })).toBeUndefined();
  });

  it('refuses with BAD_USER_INPUT naming the argument', () => {
    const error = oversizedStringError({ argument: 'items(after)', length: 11 }, LIMIT);
    expect(error.message).toBe(
      'items(after): a string of 11 characters exceeds the limit of 10 (GRAPHQL_MAX_STRING_CHARS)',
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items(after)' });
  });
});
