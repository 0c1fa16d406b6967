import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

describe('API smoke', () => {
  let sut: ApiTestApp;
  beforeAll(async () => {
    sut = await startApiTestApp();
  });
  afterAll(() => sut?.close());

  it('answers a public query without credentials', async () => {
    const res = await gql(sut.url, '{ apiInfo { name maxPageSize } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ apiInfo: { name: 'bsc-twin', maxPageSize: 200 } });
  });

  it('refuses a guarded query without credentials', async () => {
    const res = await gql(sut.url, '{ viewer { role } }');
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves a scorecard', async () => {
    const res = await gql(
      sut.url,
      '{ scorecard { unit { id } score status perspectives { id objectives { id kpis { id status } } } } }',
      {},
      bearer(sut.token('viewer')),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toBeTruthy();
  });
});
