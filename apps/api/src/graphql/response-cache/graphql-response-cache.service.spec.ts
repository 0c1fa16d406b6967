import type { Principal } from '../../auth/principal';
import { partitionKey } from './graphql-response-cache.service';

const aPrincipal = (overrides: Partial<Principal> = {}): Principal => ({
  subject: 'u-17',
  role: 'engineer',
  units: ['plant-north'],
  via: 'jwt',
  ...overrides,
});

describe(partitionKey.name, () => {
  it('is the same for the same grant and name', () => {
    expect(partitionKey(aPrincipal({ name: 'Ada' }))).toBe(partitionKey(aPrincipal({ name: 'Ada' })));
  });

  // viewer.displayName reads the name: two tokens of one subject must not share an answer
  it.each([
    ['another name claim', aPrincipal({ name: 'Grace' })],
    ['no name claim', aPrincipal({ name: undefined })],
    ['another role', aPrincipal({ name: 'Ada', role: 'viewer' })],
    ['other units', aPrincipal({ name: 'Ada', units: ['plant-south'] })],
    ['every unit', aPrincipal({ name: 'Ada', units: null })],
    ['an API key of that subject', aPrincipal({ name: 'Ada', via: 'api_key' })],
  ])('differs for %s', (_, other) => {
    expect(partitionKey(other)).not.toBe(partitionKey(aPrincipal({ name: 'Ada' })));
  });

  it('cannot be forged by a separator inside a field', () => {
    const a = aPrincipal({ subject: 'a|b', units: ['c'] });
    const b = aPrincipal({ subject: 'a', units: ['b|c'] });

    expect(partitionKey(a)).not.toBe(partitionKey(b));
  });
});
