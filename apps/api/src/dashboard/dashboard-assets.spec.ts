import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPublicDir, listPublicAssets, renderIndexHtml, vendorAssets } from './dashboard-assets';

describe('dashboard assets', () => {
  let root: string;
  let publicDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bsc-dashboard-assets-'));
    publicDir = join(root, 'apps', 'api', 'public');
    mkdirSync(join(publicDir, 'js'), { recursive: true });
    writeFileSync(
      join(publicDir, 'index.html'),
      '<meta name="bsc-graphql-path" content="%GRAPHQL_PATH%" />\n  <!-- %MODULE_PRELOADS% -->',
    );
    writeFileSync(join(publicDir, 'dashboard.css'), 'body {}');
    writeFileSync(join(publicDir, 'js', 'main.js'), 'export {};');
    writeFileSync(join(publicDir, 'js', 'notes.md'), '# not served');
    writeFileSync(join(publicDir, '.secret.js'), 'hidden');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe(findPublicDir.name, () => {
    it.each([
      ['the source tree', ['apps', 'api', 'src', 'dashboard']],
      ['the build output', ['dist', 'apps', 'api', 'src', 'dashboard']],
    ])('finds apps/api/public from %s', (_where, segments) => {
      const from = join(root, ...segments);
      mkdirSync(from, { recursive: true });
      expect(findPublicDir(from)).toBe(publicDir);
    });

    it('names the folder it searched from when there is none', () => {
      const from = mkdtempSync(join(tmpdir(), 'bsc-no-public-'));
      try {
        expect(() => findPublicDir(from)).toThrow(`no apps/api/public/index.html above ${from}`);
      } finally {
        rmSync(from, { recursive: true, force: true });
      }
    });
  });

  describe(listPublicAssets.name, () => {
    it('lists page files by URL path with their content type, skipping hidden files, unknown types and the page', () => {
      const sut = listPublicAssets(publicDir);
      expect(Object.keys(sut).sort()).toEqual(['dashboard.css', 'js/main.js']);
      expect(sut['js/main.js']).toEqual({
        file: join(publicDir, 'js', 'main.js'),
        type: 'application/javascript; charset=utf-8',
      });
      expect(sut['dashboard.css'].type).toBe('text/css; charset=utf-8');
    });
  });

  describe(renderIndexHtml.name, () => {
    it.each([
      ['/graphql', '<meta name="bsc-graphql-path" content="/graphql" />'],
      ['/api/"x"', '<meta name="bsc-graphql-path" content="/api/&quot;x&quot;" />'],
    ])('fills in the GraphQL path %s', (path, expected) => {
      expect(renderIndexHtml(publicDir, path).split('\n')[0]).toBe(expected);
    });

    it('preloads the ES modules it is given', () => {
      const sut = renderIndexHtml(publicDir, '/graphql', ['/dashboard/js/a.js', '/dashboard/js/b.js']);
      expect(sut.split('\n').slice(1)).toEqual([
        '  <link rel="modulepreload" href="/dashboard/js/a.js" />',
        '  <link rel="modulepreload" href="/dashboard/js/b.js" />',
      ]);
    });
  });

  describe(vendorAssets.name, () => {
    it('serves graphql-ws from node_modules', () => {
      expect(vendorAssets()['graphql-ws.js'].file).toMatch(
        /node_modules[\\/]graphql-ws[\\/]umd[\\/]graphql-ws\.min\.js$/,
      );
    });

    it('serves uPlot and its stylesheet from node_modules', () => {
      const sut = vendorAssets();
      expect(sut['uplot.js'].file).toMatch(/node_modules[\\/]uplot[\\/]dist[\\/]uPlot\.iife\.min\.js$/);
      expect(sut['uplot.css'].file).toMatch(/node_modules[\\/]uplot[\\/]dist[\\/]uPlot\.min\.css$/);
      expect(sut['uplot.css'].type).toBe('text/css; charset=utf-8');
    });
  });
});
