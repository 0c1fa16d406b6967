// Small graph algorithms shared by validation (cycles) and the twin graph (ordering). Iterative: models with
// thousands of KPIs must not overflow the stack.

/**
 * Strongly connected components (Tarjan), each in discovery order. Components that are cycles are those with
 * more than one member or with a self-loop.
 */
export function stronglyConnectedComponents(
  nodes: readonly string[],
  successors: (id: string) => readonly string[],
): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; next: number; succ: readonly string[] }> = [];
    const visit = (id: string): void => {
      index.set(id, counter);
      low.set(id, counter);
      counter++;
      stack.push(id);
      onStack.add(id);
      work.push({ id, next: 0, succ: successors(id) });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.succ.length) {
        const to = frame.succ[frame.next++];
        if (!index.has(to)) visit(to);
        else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component.reverse());
      }
    }
  }
  return components;
}

/** Components of `stronglyConnectedComponents` that contain a cycle. */
export function cyclicComponents(nodes: readonly string[], successors: (id: string) => readonly string[]): string[][] {
  return stronglyConnectedComponents(nodes, successors).filter((c) => c.length > 1 || successors(c[0]).includes(c[0]));
}

/** A shortest cycle through `start` staying inside `members`, as ids ending with `start` again. */
export function cycleThrough(
  start: string,
  members: ReadonlySet<string>,
  successors: (id: string) => readonly string[],
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    for (const to of successors(id)) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = id; at !== start; at = previous.get(at)!) path.unshift(at);
        path.unshift(start);
        return path;
      }
      if (!previous.has(to)) {
        previous.set(to, id);
        queue.push(to);
      }
    }
  }
  return [start];
}

/**
 * Order in which every node comes after all nodes it depends on (`dependencies(id)`); null when there is a cycle.
 * Ties keep the input order, so the result is deterministic.
 */
export function topologicalOrder(
  nodes: readonly string[],
  dependencies: (id: string) => readonly string[],
): string[] | null {
  const known = new Set(nodes);
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of nodes) {
    const deps = [...new Set(dependencies(id))].filter((d) => known.has(d));
    pending.set(id, deps.length);
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(id);
      else dependents.set(dep, [id]);
    }
  }
  const order = nodes.filter((id) => pending.get(id) === 0);
  for (let head = 0; head < order.length; head++) {
    for (const next of dependents.get(order[head]) ?? []) {
      const left = pending.get(next)! - 1;
      pending.set(next, left);
      if (left === 0) order.push(next);
    }
  }
  return order.length === nodes.length ? order : null;
}
