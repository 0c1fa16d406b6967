/** A model topic compiled for the wire: named segments (`+line`) become `+`, and a matcher for received topics. */
export interface TopicPattern {
  /** The model's spelling, e.g. `acme/+site/line/+line/telemetry`. */
  source: string;
  /** What we subscribe to, e.g. `acme/+/line/+/telemetry`. */
  filter: string;
  /** Names of the `+name` segments, in order (empty string for an anonymous `+`). */
  names: readonly string[];
  wildcard: boolean;
}

export function compileTopic(topic: string): TopicPattern {
  const names: string[] = [];
  const levels = topic.split('/').map((level, i, all) => {
    if (level.startsWith('+')) {
      names.push(level.slice(1));
      return '+';
    }
    if (level === '#' && i !== all.length - 1) throw new Error(`'#' must be the last level of topic '${topic}'`);
    if (level.includes('+') || (level.includes('#') && level !== '#'))
      throw new Error(`wildcard inside level '${level}' of topic '${topic}'`);
    return level;
  });
  const filter = levels.join('/');
  return { source: topic, filter, names, wildcard: filter.includes('+') || filter.includes('#') };
}

/** `$share/GROUP/filter` when a share group is configured (MQTT 5 shared subscription). */
export function sharedFilter(filter: string, group: string | undefined): string {
  return group ? `$share/${group}/${filter}` : filter;
}
