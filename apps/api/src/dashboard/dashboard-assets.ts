import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

export interface DashboardAsset {
  file: string;
  type: string;
}

/** Content types of what the page is made of; anything else in public/ is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Third-party browser files, served from node_modules (the machines are offline: no CDN). */
export function vendorAssets(): Record<string, DashboardAsset> {
  const graphqlWs = dirname(require.resolve('graphql-ws/package.json'));
  const uplot = join(dirname(require.resolve('uplot/package.json')), 'dist');
  return {
    'graphql-ws.js': { file: join(graphqlWs, 'umd', 'graphql-ws.min.js'), type: CONTENT_TYPES['.js'] },
    // the time-series charts; the IIFE build defines window.uPlot
    'uplot.js': { file: join(uplot, 'uPlot.iife.min.js'), type: CONTENT_TYPES['.js'] },
    'uplot.css': { file: join(uplot, 'uPlot.min.css'), type: CONTENT_TYPES['.css'] },
  };
}

/**
 * apps/api/public holds the page. tsc does not copy it into dist/, so it is looked up from this file's folder
 * upwards: the source tree (ts-node, jest) and dist/apps/api/src/dashboard both find the repository's copy.
 */
export function findPublicDir(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'apps', 'api', 'public');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const sibling = join(dir, 'public');
    if (existsSync(join(sibling, 'index.html')) && existsSync(join(sibling, 'js'))) return sibling;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`dashboard: no apps/api/public/index.html above ${from}`);
    dir = parent;
  }
}

/**
 * The served files by URL path below the asset base (e.g. "js/main.js"), listed once at start: requests are
 * looked up in this map, so no request path ever reaches the file system.
 */
export function listPublicAssets(publicDir: string): Record<string, DashboardAsset> {
  const assets: Record<string, DashboardAsset> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      const type = CONTENT_TYPES[extname(entry.name)];
      if (entry.isFile() && type) assets[`${prefix}${entry.name}`] = { file: join(dir, entry.name), type };
    }
  };
  walk(publicDir, '');
  return assets;
}

/**
 * index.html with the GraphQL endpoint filled in (the page reads it from a meta tag) and a modulepreload link
 * per ES module, so the browser fetches the import graph in one round instead of one per import level.
 */
export function renderIndexHtml(publicDir: string, graphqlPath: string, modules: readonly string[] = []): string {
  return renderHtmlPage(publicDir, 'index.html', graphqlPath, modules);
}

/** A page of public/ (index.html, briefing.html) filled in like index.html. */
export function renderHtmlPage(
  publicDir: string,
  fileName: string,
  graphqlPath: string,
  modules: readonly string[] = [],
): string {
  const html = readFileSync(join(publicDir, fileName), 'utf8');
  const preloads = modules.map((href) => `<link rel="modulepreload" href="${escapeAttribute(href)}" />`).join('\n  ');
  return html.replace('%GRAPHQL_PATH%', escapeAttribute(graphqlPath)).replace('<!-- %MODULE_PRELOADS% -->', preloads);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
