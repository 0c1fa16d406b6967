import type { SignalSample } from '@bsc/common';
import { DeadbandFilter } from './deadband-filter';
import type { CatalogSignal } from '@bsc/twin';

const signal = (deadband?: CatalogSignal['deadband']): CatalogSignal => ({
  id: 's',
  dataType: 'double',
  min: -Infinity,
  max: Infinity,
  deadband,
});
const sample = (value: number, quality: SignalSample['quality'] = 'good'): SignalSample => ({
  signalId: 's',
  ts: 0,
  value,
  quality,
  source: 't',
});

describe(DeadbandFilter.name, () => {
  it.each<[string, CatalogSignal['deadband'], Array<[number, SignalSample['quality']]>, boolean[]]>([
    [
      'no deadband keeps all',
      undefined,
      [
        [1, 'good'],
        [1, 'good'],
      ],
      [true, true],
    ],
    [
      'absolute drops small moves',
      { type: 'absolute', value: 1 },
      [
        [10, 'good'],
        [10.5, 'good'],
        [11, 'good'],
        [10.2, 'good'],
      ],
      [true, false, true, false],
    ],
    [
      'absolute compares with the last kept value',
      { type: 'absolute', value: 1 },
      [
        [10, 'good'],
        [10.6, 'good'],
        [11.2, 'good'],
      ],
      [true, false, true],
    ],
    [
      'percent is relative to the last kept value',
      { type: 'percent', value: 10 },
      [
        [100, 'good'],
        [105, 'good'],
        [111, 'good'],
      ],
      [true, false, true],
    ],
    [
      'a quality change always passes',
      { type: 'absolute', value: 5 },
      [
        [10, 'good'],
        [10, 'bad'],
        [10, 'bad'],
      ],
      [true, true, false],
    ],
  ])('%s', (_, deadband, inputs, expected) => {
    const sut = new DeadbandFilter();
    expect(inputs.map(([v, q]) => sut.pass(sample(v, q), signal(deadband)))).toEqual(expected);
  });
});
