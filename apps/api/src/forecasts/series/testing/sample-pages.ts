import type { SignalSample } from '@bsc/common';

/** Samples in pages of `size` as a database read hands them, one at a time (all in one page by default). */
export async function* pagesOf(samples: SignalSample[], size = Infinity): AsyncIterable<SignalSample[]> {
  for (let i = 0; i < samples.length; i += size) yield await Promise.resolve(samples.slice(i, i + size));
}
