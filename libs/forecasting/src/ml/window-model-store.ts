import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join } from 'path';
import { WindowModelFile } from './mlp';

/** Finds `models/forecasting` above this file (works from src/ and from dist/). */
export function defaultModelDir(from = __dirname): string | undefined {
  let dir = from;
  while (dir !== dirname(dir)) {
    const candidate = join(dir, 'models', 'forecasting');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/** Saved window models by seasonal period; loaded once, on first use. */
export class WindowModelStore {
  private models?: WindowModelFile[];

  constructor(private readonly dir: string | undefined = defaultModelDir()) {}

  /** The model for period m whose horizon covers h, if one was trained. */
  find(m: number, h: number): WindowModelFile | undefined {
    return this.all().find((model) => model.m === m && model.h >= h);
  }

  all(): WindowModelFile[] {
    if (!this.models) this.models = this.dir && existsSync(this.dir) ? WindowModelStore.readDir(this.dir) : [];
    return this.models;
  }

  private static readDir(dir: string): WindowModelFile[] {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as WindowModelFile)
      .filter((model) => model.format === 'bsc-window-mlp/1');
  }
}
