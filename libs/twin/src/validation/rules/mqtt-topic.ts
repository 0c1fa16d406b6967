const MAX_TOPIC_BYTES = 65535;
const NAMED_WILDCARD_RE = /^\+(?:[A-Za-z_][A-Za-z0-9_]*)?$/;

/** Checks an MQTT topic (filter) used for a subscription; returns what is wrong, or null. */
export function mqttTopicProblem(topic: string): string | null {
  if (topic.length === 0) return 'topic must not be empty';
  if (Buffer.byteLength(topic, 'utf8') > MAX_TOPIC_BYTES) return `topic is longer than ${MAX_TOPIC_BYTES} bytes`;
  if (topic.includes('\u0000')) return 'topic must not contain NUL';
  if (topic.startsWith('$')) return "topics starting with '$' are reserved for the broker";
  const levels = topic.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1))
      return "'#' must be a whole level and the last one";
    // `+name` is a named single-level wildcard (subscribed as `+`; the connector reports the segment's value).
    if (level.includes('+') && !NAMED_WILDCARD_RE.test(level))
      return "'+' must be a whole level, optionally named (+line)";
  }
  return null;
}

// `$`, then `.name`, `['name']`, `["name"]` or `[0]` steps: the subset of JSONPath the MQTT connector resolves.
const JSON_PATH_RE = /^\$(?:\.[A-Za-z_$][\w$-]*|\[\d+\]|\['(?:[^'\\]|\\.)*'\]|\["(?:[^"\\]|\\.)*"\])*$/;

export function jsonPathProblem(path: string): string | null {
  return JSON_PATH_RE.test(path)
    ? null
    : `invalid JSON path '${path}' (expected e.g. $.speed, $.data[0].value, $['a b'])`;
}
