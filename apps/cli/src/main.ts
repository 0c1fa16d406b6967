import 'reflect-metadata';
import { applyHeapGrowth, HeapConfig, loadConfig } from '@bsc/app-kit';
import { buildProgram } from './program';

function fail(error: unknown): never {
  process.stderr.write(`bsc: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  // Before any command loads a model: `bsc model import` of a large model holds as much as an app does.
  applyHeapGrowth(loadConfig(HeapConfig).HEAP_GROWTH_PERCENT);
  await buildProgram().parseAsync(process.argv);
}

main().catch(fail);
