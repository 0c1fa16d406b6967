import { auditServer, type AuditResult } from 'graphql-http';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// GraphQL over HTTP conformance, audited by graphql-http's own suite against the live endpoint.
describe('graphql-http server audits', () => {
  let sut: ApiTestApp;
  let results: AuditResult[];
  beforeAll(async () => {
    sut = await startApiTestApp();
    results = await auditServer({ url: sut.url, fetchFn: fetch });
  });
  afterAll(() => sut?.close());

  const describeResult = (r: AuditResult) => `${r.id} ${r.name}: ${r.status === 'ok' ? 'ok' : r.reason}`;

  it('passes every MUST audit (no errors)', () => {
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 'error').map(describeResult)).toEqual([]);
  });

  it('lists the SHOULD/MAY audits it does not pass (documented, see below)', () => {
    // Remaining warnings are documented in the API report; the list is pinned so that a new one is noticed.
    expect(results.filter((r) => r.status === 'warn').map(describeResult)).toEqual(KNOWN_WARNINGS);
  });
});

/** Audit ids that end in a warning, each with the reason it is accepted. */
const KNOWN_WARNINGS: string[] = [];
