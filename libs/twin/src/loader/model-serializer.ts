import { dump } from 'js-yaml';
import type { SignalDef, SignalSourceDef, TwinModel } from '../model/twin-model.types';
import type { ModelFormat } from './model-loader';

/**
 * Writes a model in the file format (signal sources nested as `{ opcua: {...} }`), complete with defaults, so
 * that loading the output yields an equal model.
 */
export function serializeModel(model: TwinModel, format: ModelFormat): string {
  const written = { ...model, signals: model.signals.map(writtenSignal) };
  const plain = JSON.parse(JSON.stringify(written)) as unknown; // drops undefined fields
  return format === 'json' ? `${JSON.stringify(plain, null, 2)}\n` : dump(plain, { lineWidth: -1, noRefs: true });
}

function writtenSignal(signal: SignalDef): Omit<SignalDef, 'source'> & { source: Record<string, unknown> } {
  return { ...signal, source: writtenSource(signal.source) };
}

function writtenSource(source: SignalSourceDef): Record<string, unknown> {
  const { kind, ...body } = source;
  return { [kind]: body };
}
