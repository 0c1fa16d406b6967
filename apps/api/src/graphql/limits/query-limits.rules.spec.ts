import { buildSchema, parse, validate } from 'graphql';
import { aliasLimitRule, costLimitRule, depthLimitRule } from './query-limits.rules';

const schema = buildSchema(`
  type Query { items(first: Int): ItemConnection!  item(id: ID!): Item  tags: [String!]! }
  type ItemConnection { nodes: [Item!]! totalCount: Int! }
  type Item { id: ID! name: String! children: [Item!]! parent: Item }
`);

const errorsOf = (query: string, rule: ReturnType<typeof depthLimitRule>) =>
  validate(schema, parse(query), [rule]).map((e) => e.message);

describe(depthLimitRule.name, () => {
  it.each([
    ['{ item(id: 1) { id } }', 2, []],
    ['{ item(id: 1) { parent { parent { id } } } }', 3, ['query depth 4 exceeds the limit of 3']],
    [
      '{ item(id: 1) { ...F } } fragment F on Item { parent { parent { id } } }',
      3,
      ['query depth 4 exceeds the limit of 3'],
    ],
    ['{ item(id: 1) { ... on Item { parent { id } } } }', 3, []],
    ['{ __schema { types { fields { type { ofType { ofType { name } } } } } } }', 2, []],
  ])('%s with limit %d', (query, limit, expected) => {
    expect(errorsOf(query, depthLimitRule(limit))).toEqual(expected);
  });
});

describe(costLimitRule.name, () => {
  const rule = (maxCost: number) => costLimitRule({ maxCost, maxPageSize: 100, listFactor: 5 });
  it.each([
    // items (1) + first × (nodes (1) + 5 × (id + name))
    ['{ items(first: 10) { nodes { id name } } }', 1 + 10 * (1 + 5 * 2)],
    // no first on a connection: the maximum page size
    ['{ items { totalCount } }', 1 + 100 * 1],
    ['{ tags }', 1],
    ['{ item(id: 1) { children { children { id } } } }', 1 + 1 * (1 + 5 * (1 + 5 * 1))],
  ])('%s costs %d', (query, cost) => {
    expect(errorsOf(query, rule(cost))).toEqual([]);
    expect(errorsOf(query, rule(cost - 1))).toEqual([
      `query cost ${cost} exceeds the limit of ${cost - 1}; ask for fewer items (first) or fewer fields`,
    ]);
  });

  it('counts a variable page size at the maximum', () => {
    expect(errorsOf('query($n: Int) { items(first: $n) { totalCount } }', rule(101))).toEqual([]);
    expect(errorsOf('query($n: Int) { items(first: $n) { totalCount } }', rule(100))).toHaveLength(1);
  });
});

describe(aliasLimitRule.name, () => {
  it.each([
    ['{ a: tags b: tags }', 2, []],
    ['{ a: tags b: tags c: tags }', 2, ['3 aliases exceed the limit of 2']],
  ])('%s with limit %d', (query, limit, expected) => {
    expect(errorsOf(query, aliasLimitRule(limit))).toEqual(expected);
  });
});
