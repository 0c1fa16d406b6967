import { gql, startApiTestApp, type ApiTestApp } from './api-test-app';

describe('production profile', () => {
  let sut: ApiTestApp;
  beforeAll(async () => {
    sut = await startApiTestApp({ BSC_PROFILE: 'production' });
  });
  afterAll(() => sut?.close());

  it('switches introspection off', async () => {
    const res = await gql(sut.url, '{ __schema { queryType { name } } }');
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('does not serve GraphiQL', async () => {
    const res = await fetch(sut.url.replace(/\/graphql$/, '/graphiql'));
    expect(res.status).toBe(404);
  });
});

describe('embedded profile', () => {
  let sut: ApiTestApp;
  let printed = '';
  let write: jest.SpyInstance;
  beforeAll(async () => {
    write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += chunk.toString();
      return true;
    });
    sut = await startApiTestApp({ BSC_PROFILE: 'embedded' });
    write.mockRestore();
  });
  afterAll(() => sut?.close());

  it('prints a first admin API key once, which works at once', async () => {
    const key = /Admin API key \(shown once\): (bsc_\S+)/.exec(printed)?.[1];
    expect(key).toBeDefined();
    const res = await gql(sut.url, '{ viewer { role via } }', {}, { authorization: `ApiKey ${key}` });
    expect(res.data).toEqual({ viewer: { role: 'admin', via: 'api_key' } });
  });

  it('serves GraphiQL and its assets from the server itself', async () => {
    const base = sut.url.replace(/\/graphql$/, '');
    const page = await fetch(`${base}/graphiql`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((a) => !a.startsWith('data:'));
    expect(assets.every((a) => a.startsWith('/graphiql/assets/'))).toBe(true);
    for (const asset of assets)
      expect({ asset, status: (await fetch(`${base}${asset}`)).status }).toEqual({ asset, status: 200 });
  });
});
