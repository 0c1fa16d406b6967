import type { SignalSourceDef } from '../model/signal-def.types';
import { boundMessages } from '../validation/rules/mqtt-topic';

/** First level of every Sparkplug B topic: spBv1.0/<group>/<message type>/<edge node>[/<device>]. */
export const SPARKPLUG_NAMESPACE = 'spBv1.0';

/**
 * The MQTT filter of the topics whose messages feed a binding: an MQTT binding's topic with its selected segments
 * filled in (see boundMessages), a Sparkplug binding's node or device messages of any type; null for a source that
 * does not read MQTT. Tells which signals a message on a topic concerns (e.g. one ingestion could not decode).
 */
export function bindingTopicFilter(source: SignalSourceDef): string | null {
  switch (source.kind) {
    case 'mqtt':
      return boundMessages(source.topic, source.segments ?? {});
    case 'sparkplug':
      return [SPARKPLUG_NAMESPACE, source.group, '+', source.edgeNode, ...(source.device ? [source.device] : [])].join(
        '/',
      );
    case 'opcua':
    case 'http':
    case 'manual':
      return null;
  }
}

/**
 * MQTT filter matching (spec 4.7): `+` one level, `#` the rest (including the parent level itself);
 * topics starting with `$` never match filters starting with a wildcard.
 */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
