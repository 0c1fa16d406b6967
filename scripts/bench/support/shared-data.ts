import { existsSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { argText } from './bench-args';

/** The repository's root (from the sources or their build in dist/), else the working directory. */
export function repoRoot(): string {
  let dir = __dirname;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'libs'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/**
 * A public data set's folder: --data DIR, else the environment variable named, else ../shared/data/<kind> beside
 * the repository. The data stay outside it.
 */
export function sharedDataDir(kind: string, envVariable: string): string {
  return resolve(argText('data') ?? process.env[envVariable] ?? join(repoRoot(), '..', 'shared', 'data', kind));
}
