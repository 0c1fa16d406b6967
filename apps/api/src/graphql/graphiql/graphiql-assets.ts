import { dirname, join } from 'node:path';

/** Files the GraphiQL page loads, resolved from node_modules at start (never from a CDN). */
export const GRAPHIQL_ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  'graphiql.min.js': {
    file: join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
    type: 'application/javascript',
  },
  'graphiql.min.css': {
    file: join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
    type: 'text/css',
  },
  'react.production.min.js': {
    file: join(dirname(require.resolve('react/package.json')), 'umd', 'react.production.min.js'),
    type: 'application/javascript',
  },
  'react-dom.production.min.js': {
    file: join(dirname(require.resolve('react-dom/package.json')), 'umd', 'react-dom.production.min.js'),
    type: 'application/javascript',
  },
};

export function graphiqlPage(assetBase: string): string {
  const asset = (name: string): string => `${assetBase}/${name}`;
  // The API key typed in the header editor stays in the browser's local storage (GraphiQL's own persistence).
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>BSC twin · GraphiQL</title>
  <link rel="icon" href="data:," />
  <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="${asset('react.production.min.js')}"></script>
  <script src="${asset('react-dom.production.min.js')}"></script>
  <script src="${asset('graphiql.min.js')}"></script>
  <script src="${asset('graphiql-init.js')}"></script>
</body>
</html>
`;
}

/** Served as a file so the page works under a Content-Security-Policy without 'unsafe-inline' scripts. */
export function graphiqlInitScript(endpoint: string): string {
  return `(function () {
  var url = new URL(${JSON.stringify(endpoint)}, window.location.href);
  var wsUrl = url.href.replace(/^http/, 'ws');
  var fetcher = GraphiQL.createFetcher({ url: url.href, subscriptionUrl: wsUrl });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    headers: JSON.stringify({ Authorization: 'ApiKey <paste the key printed at first start>' }, null, 2),
    shouldPersistHeaders: true,
  }));
})();
`;
}
