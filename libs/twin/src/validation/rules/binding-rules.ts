import { issuePath } from '../issue-path';
import { boundMessages, jsonPathProblem, mqttTopicProblem, segmentProblems, segmentSelection } from './mqtt-topic';
import type { RuleContext } from './rule-context';

// ns=<index>;<type>=<id> or <type>=<id>, type i (numeric), s (string), g (GUID), b (opaque, base64).
const NODE_ID_RE =
  /^(?:(?:ns|nsu)=[^;]+;)?(?:i=\d+|s=.+|g=[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|b=[A-Za-z0-9+/=]+)$/;

/**
 * Source bindings are well formed and unique: one OPC UA node, MQTT topic+path or Sparkplug metric feeds one
 * signal (two signals on the same source would silently double-count).
 */
export function bindingRule(ctx: RuleContext): void {
  const bound = new Map<string, { signal: string; index: number }>();
  const claim = (key: string, path: string, what: string, signal: string, index: number): void => {
    const first = bound.get(key);
    if (first) ctx.issues.add(path, `${what} is already bound to signal '${first.signal}' (signals[${first.index}])`);
    else bound.set(key, { signal, index });
  };

  ctx.model.signals.forEach((signal, i) => {
    const source = signal.source;
    const at = (...rest: string[]): string => issuePath('signals', i, 'source', source.kind, ...rest);
    switch (source.kind) {
      case 'opcua':
        if (typeof source.nodeId !== 'string') return;
        if (!NODE_ID_RE.test(source.nodeId))
          ctx.issues.add(
            at('nodeId'),
            `invalid OPC UA node id '${source.nodeId}' (expected e.g. ns=1;s=Line1.Speed or ns=2;i=1001)`,
          );
        claim(
          `opcua\u0000${source.server}\u0000${source.nodeId}`,
          at('nodeId'),
          `OPC UA node '${source.nodeId}' on '${source.server}'`,
          signal.id,
          i,
        );
        return;
      case 'mqtt': {
        if (typeof source.topic !== 'string') return;
        const topicProblem = mqttTopicProblem(source.topic);
        if (topicProblem) ctx.issues.add(at('topic'), topicProblem);
        for (const field of ['jsonPath', 'timestampPath', 'qualityPath'] as const) {
          const value = source[field];
          const problem = typeof value === 'string' ? jsonPathProblem(value) : null;
          if (problem) ctx.issues.add(at(field), problem);
        }
        const segments = source.segments ?? {};
        for (const problem of segmentProblems(source.topic, segments))
          ctx.issues.add(at('segments', ...problem.at), problem.message);
        const selected = segmentSelection(segments);
        const topicAt = selected ? `MQTT topic '${source.topic}' (${selected})` : `MQTT topic '${source.topic}'`;
        const where = source.jsonPath === undefined ? topicAt : `${topicAt} at ${source.jsonPath}`;
        // by the messages read, not by how the topic is written (segment names are the binding's own)
        claim(
          `mqtt\u0000${boundMessages(source.topic, segments)}\u0000${source.jsonPath ?? ''}`,
          at(source.jsonPath === undefined ? 'topic' : 'jsonPath'),
          where,
          signal.id,
          i,
        );
        return;
      }
      case 'sparkplug': {
        const metric = `${source.group}/${source.edgeNode}/${source.device ?? ''}/${source.metric}`;
        claim(`sparkplug\u0000${metric}`, at('metric'), `Sparkplug metric '${metric}'`, signal.id, i);
        return;
      }
      case 'http':
      case 'manual':
        // Addressed by the signal's own (unique) id: no source to claim.
        return;
    }
  });
}

/** OPC UA endpoints are opc.tcp URLs and security settings are consistent. */
export function opcuaServerRule(ctx: RuleContext): void {
  ctx.model.opcuaServers.forEach((server, i) => {
    if (typeof server.endpoint === 'string' && !/^opc\.tcp:\/\/[^\s/:]+(:\d{1,5})?(\/\S*)?$/.test(server.endpoint)) {
      ctx.issues.add(
        issuePath('opcuaServers', i, 'endpoint'),
        `invalid endpoint '${server.endpoint}' (expected opc.tcp://host:port/path)`,
      );
    }
    const secured = server.securityMode !== 'None';
    if (secured === (server.securityPolicy === 'None')) {
      ctx.issues.add(
        issuePath('opcuaServers', i, 'securityPolicy'),
        `security mode '${server.securityMode}' does not fit policy '${server.securityPolicy}'`,
      );
    }
  });
}
