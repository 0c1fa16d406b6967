import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@bsc/app-kit';
import { ApiConfig } from '../config/api.config';
import { resolveJwtSecret } from './jwt-secret';

const configOf = (env: Record<string, string>) =>
  loadConfig(ApiConfig, { configDir: mkdtempSync(join(tmpdir(), 'bsc-cfg-')), env });

describe(resolveJwtSecret.name, () => {
  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => resolveJwtSecret(configOf({ BSC_PROFILE: 'production' }))).toThrow(ConfigError);
  });

  it('uses the configured secret', () => {
    const secret = 'x'.repeat(40);
    expect(resolveJwtSecret(configOf({ BSC_PROFILE: 'production', JWT_SECRET: secret }))).toBe(secret);
  });

  it('creates one secret per embedded data dir, private to the owner, and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bsc-data-'));
    const config = configOf({ BSC_PROFILE: 'embedded', DATA_DIR: dataDir });

    const sut = resolveJwtSecret(config);

    expect(sut).toHaveLength(43);
    expect(resolveJwtSecret(config)).toBe(sut);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });
});
