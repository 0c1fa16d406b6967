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

/** Names of a topic's named wildcard segments (`+line` → `line`), in order. */
export function namedSegments(topic: string): string[] {
  return topic
    .split('/')
    .filter((level) => level.length > 1 && level.startsWith('+'))
    .map((level) => level.slice(1));
}

/**
 * What is wrong with a binding's `segments`: each must name a `+name` level of its topic and hold one level's
 * worth of text (a `/`, `+` or `#` could never equal a received level, so the signal would never be fed).
 */
export function segmentProblems(
  topic: string,
  segments: Readonly<Record<string, unknown>>,
): { at: string[]; message: string }[] {
  const names = new Set(namedSegments(topic));
  const problems: { at: string[]; message: string }[] = [];
  for (const [name, value] of Object.entries(segments)) {
    if (!names.has(name))
      problems.push({ at: [name], message: `topic '${topic}' has no named wildcard segment '+${name}'` });
    else if (typeof value !== 'string' || value.length === 0 || /[/+#]/.test(value) || value.includes('\u0000'))
      problems.push({ at: [name], message: "must be one topic level: non-empty, without '/', '+', '#' or NUL" });
  }
  return problems;
}

/**
 * The messages a binding reads, as one text: its topic with each selected named level replaced by the value it
 * selects (which reads exactly the messages a literal level would) and every other wildcard unnamed. Two bindings
 * with the same text read the same messages however their segments are named: `p/+line/t` selecting line L1,
 * `p/+cell/t` selecting cell L1 and `p/L1/t` are all `p/L1/t`.
 */
export function boundMessages(topic: string, segments: Readonly<Record<string, string>>): string {
  return topic
    .split('/')
    .map((level) => {
      if (!level.startsWith('+')) return level;
      const name = level.slice(1);
      return Object.prototype.hasOwnProperty.call(segments, name) ? segments[name] : '+';
    })
    .join('/');
}

/** A canonical text of a segment selection (`line=2,site=north`), '' when nothing is selected. */
export function segmentSelection(segments: Readonly<Record<string, string>>): string {
  return Object.keys(segments)
    .sort()
    .map((name) => `${name}=${segments[name]}`)
    .join(',');
}

// `$`, then `.name`, `['name']`, `["name"]` or `[0]` steps: the subset of JSONPath the MQTT connector resolves.
const JSON_PATH_RE = /^\$(?:\.[A-Za-z_$][\w$-]*|\[\d+\]|\['(?:[^'\\]|\\.)*'\]|\["(?:[^"\\]|\\.)*"\])*$/;

export function jsonPathProblem(path: string): string | null {
  return JSON_PATH_RE.test(path)
    ? null
    : `invalid JSON path '${path}' (expected e.g. $.speed, $.data[0].value, $['a b'])`;
}
