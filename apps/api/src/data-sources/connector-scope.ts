import type { SignalDef } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { canSeeUnit, visibleUnits } from '../auth/unit-scope';
import type { TwinIndex } from '../twin/twin-index';

/**
 * Whether a connector feeds a signal of the caller's units: an endpoint (`opcua:<server>`, `sparkplug:<group>/<node>`)
 * the signals bound to it, a shared connector (the MQTT and Sparkplug brokers, HTTP intake) every signal of its
 * kind. One that no binding names (the simulator, CSV import) is for callers granted every unit.
 */
export function connectorVisible(
  principal: Principal,
  index: TwinIndex,
  connector: { id: string; kind: string },
): boolean {
  if (visibleUnits(principal, index) === null) return true;
  const at = connector.id.indexOf(':');
  const endpoint = at < 0 ? null : connector.id.slice(at + 1);
  const feeds = (signal: SignalDef): boolean => {
    const source = signal.source;
    if (source.kind !== connector.kind) return false;
    if (endpoint === null) return true;
    if (source.kind === 'opcua') return source.server === endpoint;
    if (source.kind === 'sparkplug') return `${source.group}/${source.edgeNode}` === endpoint;
    return false;
  };
  return index.model.signals.some(
    (s) => feeds(s) && canSeeUnit(principal, index, index.nodes.get(s.id)?.unitId ?? null),
  );
}
