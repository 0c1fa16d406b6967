import 'reflect-metadata';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';

export const CONFIG_PROFILES = ['embedded', 'production', 'test'] as const;
export type ConfigProfile = (typeof CONFIG_PROFILES)[number];

export interface LoadConfigOptions {
  /** Variables that override the profile files; defaults to process.env (read here, at the edge, only). */
  env?: Record<string, string | undefined>;
  /** Folder with default.json and <profile>.json; defaults to ./config of the working directory. */
  configDir?: string;
}

/** Thrown at start-up when configuration is invalid; lists every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function resolveProfile(env: Record<string, string | undefined>): ConfigProfile {
  const profile = env.BSC_PROFILE ?? (env.NODE_ENV === 'production' ? 'production' : 'embedded');
  if (!(CONFIG_PROFILES as readonly string[]).includes(profile)) {
    throw new ConfigError([`BSC_PROFILE: must be one of ${CONFIG_PROFILES.join(', ')} (got "${profile}")`]);
  }
  return profile as ConfigProfile;
}

/**
 * The variables a config class declares: every decorated property (optional ones have no initialiser, so they are
 * not own keys of an instance under every compiler) plus those with defaults.
 */
export function declaredConfigKeys(cls: new () => object): string[] {
  const decorated = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set([...decorated, ...Object.keys(new cls())])];
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError([`${file}: ${(error as Error).message}`]);
  }
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m} (got ${JSON.stringify(e.value)})`);
    return [...own, ...describe(e.children ?? [], path)];
  });
}

const TRUE_SPELLINGS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on']);
const FALSE_SPELLINGS: ReadonlySet<string> = new Set(['false', '0', 'no', 'off']);
/** Plain decimal numbers only: Number() would also take "0x10", "1e3" and whitespace (as 0). */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** true/1/yes/on and false/0/no/off (any case); undefined for every other text. */
export function parseBooleanSpelling(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (TRUE_SPELLINGS.has(lower)) return true;
  if (FALSE_SPELLINGS.has(lower)) return false;
  return undefined;
}

function designType(cls: new () => object, key: string): unknown {
  return Reflect.getMetadata('design:type', cls.prototype as object, key);
}

/**
 * Text from the environment (or a profile file) to the declared type. A spelling that is not accepted stays
 * text, so the validator refuses it and names the variable.
 */
export function coerceSpelling(type: unknown, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (type === Boolean) return parseBooleanSpelling(value) ?? value;
  if (type === Number) return DECIMAL.test(value.trim()) ? Number(value.trim()) : value;
  return value;
}

/**
 * Builds one app's validated config: class defaults < config/default.json < config/<profile>.json < environment.
 * Only keys the class declares are taken from the environment, so unrelated variables never leak in.
 */
export function loadConfig<T extends object>(cls: new () => T, options: LoadConfigOptions = {}): T {
  const env = options.env ?? process.env;
  const profile = resolveProfile(env);
  const dir = resolve(options.configDir ?? env.BSC_CONFIG_DIR ?? join(process.cwd(), 'config'));
  const declared = declaredConfigKeys(cls);
  const merged: Record<string, unknown> = {
    ...readJson(join(dir, 'default.json')),
    ...readJson(join(dir, `${profile}.json`)),
  };
  for (const key of declared) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const picked = Object.fromEntries(
    Object.entries(merged)
      .filter(([k]) => declared.includes(k))
      .map(([k, v]) => [k, coerceSpelling(designType(cls, k), v)]),
  );
  // No implicit conversion: it would run Boolean("false") === true before any transform sees the text.
  const instance = plainToInstance(cls, { ...picked, BSC_PROFILE: profile }, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  return instance;
}
