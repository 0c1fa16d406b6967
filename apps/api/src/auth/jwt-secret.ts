import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@bsc/app-kit';
import type { ApiConfig } from '../config/api.config';

const SECRET_FILE = 'jwt-secret';

/**
 * The JWT secret in force. Production never starts open: it requires JWT_SECRET. The embedded profile creates a
 * random secret once per data dir (0600) so tokens survive restarts; the test profile uses an in-memory one.
 */
export function resolveJwtSecret(config: ApiConfig): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.BSC_PROFILE === 'production') {
    throw new ConfigError([
      'JWT_SECRET: required in production (at least 32 characters); the API refuses to start without a way to authenticate',
    ]);
  }
  if (config.BSC_PROFILE === 'test') return randomBytes(32).toString('base64url');
  const file = join(config.DATA_DIR, SECRET_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
