#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('bsc: the project is not built yet; run `npm run build` (npm install/ci builds it too)\n');
  process.exit(2);
}
require(entry);
