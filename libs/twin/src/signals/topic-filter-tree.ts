/**
 * Wildcard filters indexed level by level (a trie over topic levels with `+` and `#` branches), so that a topic
 * costs the filters it can match: a walk down its own levels, not a test of every filter. Items of all matching
 * filters come back in the order they were added.
 */
export class TopicFilterTree<T> {
  private readonly root = new FilterNode<T>();
  private added = 0;

  add(filter: string, item: T): void {
    let node = this.root;
    for (const level of filter.split('/')) {
      if (level === '#') {
        node.rest.push({ order: this.added++, item });
        return;
      }
      node = level === '+' ? (node.any ??= new FilterNode<T>()) : getOrAdd(node.children, level);
    }
    node.here.push({ order: this.added++, item });
  }

  match(topic: string): T[] {
    const levels = topic.split('/');
    const found: Array<Entry<T>> = [];
    // Filters starting with a wildcard never match topics starting with '$' (MQTT 4.7.2).
    visit(this.root, levels, 0, found, topic.startsWith('$'));
    if (found.length > 1) found.sort((a, b) => a.order - b.order);
    return found.map((e) => e.item);
  }
}

interface Entry<T> {
  order: number;
  item: T;
}

class FilterNode<T> {
  readonly children = new Map<string, FilterNode<T>>();
  any: FilterNode<T> | undefined;
  /** Filters ending here. */
  readonly here: Array<Entry<T>> = [];
  /** Filters ending in `#` after this level: the rest of any topic, including none. */
  readonly rest: Array<Entry<T>> = [];
}

function getOrAdd<T>(children: Map<string, FilterNode<T>>, level: string): FilterNode<T> {
  let child = children.get(level);
  if (!child) children.set(level, (child = new FilterNode<T>()));
  return child;
}

function visit<T>(
  node: FilterNode<T>,
  levels: readonly string[],
  i: number,
  found: Array<Entry<T>>,
  reserved: boolean,
): void {
  if (!reserved) found.push(...node.rest);
  if (i === levels.length) {
    found.push(...node.here);
    return;
  }
  const child = node.children.get(levels[i]);
  if (child) visit(child, levels, i + 1, found, false);
  if (node.any && !reserved) visit(node.any, levels, i + 1, found, false);
}
