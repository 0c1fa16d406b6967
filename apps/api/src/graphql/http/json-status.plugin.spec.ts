import { prefersGraphqlResponseJson } from './json-status.plugin';

describe(prefersGraphqlResponseJson.name, () => {
  it.each([
    [undefined, false],
    ['application/json', false],
    ['*/*', false],
    ['application/graphql-response+json', true],
    ['application/graphql-response+json, application/json', true],
    ['application/json, application/graphql-response+json', false],
    ['application/graphql-response+json;q=0, application/json', false],
    ['*/*, application/graphql-response+json', true],
    ['application/json;q=0.9, application/graphql-response+json', true],
    ['application/graphql-response+json;q=0.5, application/json;q=0.4', true],
    ['text/html', false],
  ])('Accept %p -> graphql-response+json: %p', (accept, expected) => {
    expect(prefersGraphqlResponseJson(accept)).toBe(expected);
  });
});
