import { bindingTopicFilter, TopicFilterTree } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { canSeeUnit, visibleUnits } from '../auth/unit-scope';
import type { DeadLetterStore, DeadLetterVisibility } from '../stores/dead-letter.store';
import type { TwinIndex } from '../twin/twin-index';

/**
 * The dead letters a caller may read (null = every one): those bound to a signal of its units, and those bound to no
 * signal received on a topic that only signals of its units read (a raw payload on a topic shared with another
 * unit may carry that unit's values). A letter no signal accounts for (an unknown topic or signal, an HTTP body
 * refused whole) is only for callers granted every unit. Reads where the letters came from, not the letters.
 */
export async function deadLetterVisibility(
  principal: Principal,
  index: TwinIndex,
  store: DeadLetterStore,
  filter: { reason?: string; source?: string } = {},
): Promise<DeadLetterVisibility | null> {
  if (visibleUnits(principal, index) === null) return null;
  const visible = (signalId: string): boolean =>
    canSeeUnit(principal, index, index.nodes.get(signalId)?.unitId ?? null);
  const origins = await store.origins(filter);
  // only the signals letters name: a grant may span more signals than one statement takes parameters
  const signalIds = origins.signalIds.filter(visible);
  const readers = topicReaders(index);
  const channels = origins.channels.filter(({ source, channel }) => {
    const fed = readers.match(channel).filter((r) => r.kind === source);
    return fed.length > 0 && fed.every((r) => visible(r.signalId));
  });
  return { signalIds, channels };
}

interface TopicReader {
  signalId: string;
  kind: string;
}

// one tree per model version: a letter's topic costs the bindings it can match, not every binding of the model
const readersByIndex = new WeakMap<TwinIndex, TopicFilterTree<TopicReader>>();

/** Every binding that reads MQTT topics (MQTT and Sparkplug, named as the source of their letters), by its filter. */
function topicReaders(index: TwinIndex): TopicFilterTree<TopicReader> {
  let tree = readersByIndex.get(index);
  if (!tree) {
    tree = new TopicFilterTree<TopicReader>();
    for (const s of index.model.signals) {
      const filter = bindingTopicFilter(s.source);
      if (filter !== null) tree.add(filter, { signalId: s.id, kind: s.source.kind });
    }
    readersByIndex.set(index, tree);
  }
  return tree;
}
