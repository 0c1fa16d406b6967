import { startDashboardTestApp, type DashboardTestApp } from './dashboard-test-app';

describe('DashboardController', () => {
  let sut: DashboardTestApp;
  beforeAll(async () => {
    sut = await startDashboardTestApp();
  });
  afterAll(() => sut?.close());

  it('serves the page with the GraphQL path and a strict content security policy', async () => {
    const res = await fetch(`${sut.origin}/`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain('<meta name="bsc-graphql-path" content="/graphql" />');
    expect(html).toContain('<link rel="modulepreload" href="/dashboard/js/app.js" />');
  });

  it.each([
    ['/dashboard/js/main.js', 'application/javascript'],
    ['/dashboard/dashboard.css', 'text/css'],
    ['/dashboard/vendor/graphql-ws.js', 'application/javascript'],
  ])('serves %s as %s', async (path, type) => {
    const res = await fetch(`${sut.origin}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
    expect((await res.text()).length).toBeGreaterThan(100);
  });

  it.each([
    '/dashboard/index.html',
    '/dashboard/js/nope.js',
    '/dashboard/..%2Fsrc%2Fmain.ts',
    '/dashboard/vendor/graphql.js',
  ])('answers 404 for %s', async (path) => {
    const res = await fetch(`${sut.origin}${path}`);
    expect(res.status).toBe(404);
  });
});
