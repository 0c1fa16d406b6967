import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { BaseAppConfig, toBoolean, Transform } from './base-app.config';
import { ConfigError, declaredConfigKeys, loadConfig } from './config-loader';

class SampleConfig extends BaseAppConfig {
  @IsInt()
  @Min(1)
  @Max(10)
  WORKERS: number = 2;

  @Transform(toBoolean)
  @IsBoolean()
  FEATURE_ENABLED: boolean = false;
}

function configDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-config-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

describe(loadConfig.name, () => {
  it('layers class defaults < default.json < profile file < environment', () => {
    const dir = configDir({ 'default.json': { PORT: 4000, WORKERS: 3 }, 'production.json': { WORKERS: 4 } });

    const sut = loadConfig(SampleConfig, { configDir: dir, env: { BSC_PROFILE: 'production', PORT: '5000' } });

    expect(sut).toMatchObject({ BSC_PROFILE: 'production', PORT: 5000, WORKERS: 4, LOG_LEVEL: 'info' });
  });

  it('reads boolean text from the environment over a profile that enables it: "false" is false', () => {
    const dir = configDir({ 'embedded.json': { FEATURE_ENABLED: true } });

    const off = (text: string) =>
      loadConfig(SampleConfig, { configDir: dir, env: { BSC_PROFILE: 'embedded', FEATURE_ENABLED: text } });

    expect(['false', 'FALSE', '0', 'no', 'off'].map((t) => off(t).FEATURE_ENABLED)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['true', '1', 'yes', 'on'].map((t) => off(t).FEATURE_ENABLED)).toEqual([true, true, true, true]);
    expect(loadConfig(SampleConfig, { configDir: dir, env: { BSC_PROFILE: 'embedded' } }).FEATURE_ENABLED).toBe(true);
  });

  it('ignores environment variables the class does not declare', () => {
    const sut = loadConfig(SampleConfig, { configDir: configDir({}), env: { UNRELATED: 'x' } });
    expect(sut).not.toHaveProperty('UNRELATED');
  });

  it('fails fast naming every bad variable', () => {
    const run = () =>
      loadConfig(SampleConfig, {
        configDir: configDir({}),
        env: { PORT: 'abc', WORKERS: '99', DATABASE_URL: 'mysql://x' },
      });

    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT: /m);
      expect(problems).toMatch(/^WORKERS: /m);
      expect(problems).toMatch(/^DATABASE_URL: must be a postgres:\/\/ URL/m);
    }
  });

  it('rejects an unknown profile', () => {
    expect(() => loadConfig(SampleConfig, { configDir: configDir({}), env: { BSC_PROFILE: 'staging' } })).toThrow(
      /BSC_PROFILE/,
    );
  });

  it('reports a malformed profile file with its name', () => {
    const dir = configDir({});
    writeFileSync(join(dir, 'default.json'), '{ not json');
    expect(() => loadConfig(SampleConfig, { configDir: dir, env: {} })).toThrow(/default\.json/);
  });
});

describe(declaredConfigKeys.name, () => {
  it('lists optional variables without initialisers as well as defaulted ones', () => {
    const keys = declaredConfigKeys(SampleConfig);
    expect(keys).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORT', 'WORKERS']));
  });

  it('takes an optional variable from the environment', () => {
    const sut = loadConfig(SampleConfig, { configDir: configDir({}), env: { DATABASE_URL: 'postgres://u@h:5432/db' } });
    expect(sut.DATABASE_URL).toBe('postgres://u@h:5432/db');
  });
});
