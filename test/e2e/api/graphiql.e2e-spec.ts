import { launchTestBrowser, type TestBrowser } from '../dashboard/chromium-browser';
import { START_TIMEOUT_MS } from '../../support';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// The offline GraphiQL page in a real browser: it must render and load the schema from this server alone.
describe('GraphiQL page', () => {
  let sut: ApiTestApp;
  let browser: TestBrowser;
  beforeAll(async () => {
    sut = await startApiTestApp();
    browser = await launchTestBrowser();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('renders, introspects the schema and requests nothing from other hosts', async () => {
    const base = sut.url.replace(/\/graphql$/, '');
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith(base.replace('http', 'ws')))
        foreign.push(request.url());
    });
    const introspected = page.waitForResponse(
      (res) => res.url() === sut.url && (res.request().postData() ?? '').includes('__schema'),
    );

    await page.goto(`${base}/graphiql`);
    await page.waitForSelector('.graphiql-container', { timeout: 15_000 });
    const response = await introspected;

    expect(response.status()).toBe(200);
    expect(foreign).toEqual([]);
    expect(browser.problems).toEqual([]);
  }, 40_000);
});
