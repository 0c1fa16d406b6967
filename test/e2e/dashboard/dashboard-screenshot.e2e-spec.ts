import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadValidModelFromFile } from '@bsc/twin';
import { captureDashboard } from '../../../scripts/dashboard-screenshot';
import { startDashboardTestApp, type DashboardTestApp } from './dashboard-test-app';

jest.setTimeout(60_000);

describe(captureDashboard.name, () => {
  let app: DashboardTestApp;
  const outDir = mkdtempSync(join(tmpdir(), 'bsc-dashboard-capture-'));
  beforeAll(async () => {
    app = await startDashboardTestApp();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('signs in, captures every view and counts what it saw', async () => {
    const demo = await loadValidModelFromFile('models/demo/acme-manufacturing.yaml');
    const sut = await captureDashboard({ url: app.origin, credential: await app.issueKey('engineer'), outDir });

    expect(sut).toMatchObject({ perspectives: 4, mapLinks: demo.links.length });
    expect(sut.kpiRows).toBeGreaterThanOrEqual(10);
    expect(sut.requests).toBeGreaterThan(10);
    expect(sut.signalTrendMs).not.toBeNull();
    expect(sut.screenshots.map((p) => p.slice(outDir.length + 1))).toEqual([
      'scorecard.png',
      'strategy-map.png',
      'kpi-drawer.png',
      'commentary.png',
      'kpi-entries.png',
      'initiatives.png',
      'briefing.png',
      'twin-explorer.png',
      'data-sources.png',
      'phone.png',
    ]);
    for (const path of sut.screenshots) expect(existsSync(path) && statSync(path).size).toBeGreaterThan(10_000);
  });

  it('stops with the page’s message when the key is refused', async () => {
    await expect(captureDashboard({ url: app.origin, credential: 'bsc_wrong', outDir })).rejects.toThrow(
      /refused the credential: Sign-in failed/,
    );
  });
});
