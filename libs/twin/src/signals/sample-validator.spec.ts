import type { RawSampleInput } from '@bsc/common';
import { ingestionTestModel } from '../testing/ingestion-model.builder';
import { compileSignalCatalog, findUnitIssues } from './signal-catalog';
import { validateSample } from './sample-validator';
import { ModelBuilder } from '../testing/model-builder';

const NOW = Date.UTC(2026, 10, 22, 12);
const LIMITS = { maxFutureMs: 5 * 60_000, maxPastMs: 400 * 86_400_000 };
const catalog = compileSignalCatalog(ingestionTestModel(), 3);

function raw(overrides: Partial<RawSampleInput>): RawSampleInput {
  return { signalId: 'line1.scrap', ts: NOW - 1_000, value: 5, source: 'mqtt', ...overrides };
}

describe(validateSample.name, () => {
  it.each<[string, Partial<RawSampleInput>, string]>([
    ['an unknown signal', { signalId: 'nope' }, 'unknown_signal'],
    ['a string value', { value: '5' }, 'wrong_type'],
    ['null', { value: null }, 'wrong_type'],
    ['a fraction for an int signal', { value: 1.5 }, 'wrong_type'],
    ['NaN', { value: Number.NaN }, 'not_a_number'],
    ['Infinity', { value: Number.POSITIVE_INFINITY }, 'not_a_number'],
    ['a value above the range', { value: 1001 }, 'out_of_range'],
    ['a value below the range', { value: -1 }, 'out_of_range'],
    ['a timestamp 6 minutes ahead', { ts: NOW + 6 * 60_000 }, 'ts_in_future'],
    ['a timestamp 401 days old', { ts: NOW - 401 * 86_400_000 }, 'ts_too_old'],
    ['a fractional timestamp', { ts: NOW + 0.5 }, 'invalid_timestamp'],
    ['a negative timestamp', { ts: -1 }, 'invalid_timestamp'],
    ['an unknown quality', { quality: 'meh' as never }, 'invalid_quality'],
  ])('rejects %s', (_, overrides, reason) => {
    const sut = validateSample(raw(overrides), catalog, NOW, LIMITS);
    expect(sut).toMatchObject({ ok: false, reason });
  });

  it.each<[string, Partial<RawSampleInput>, { value: number; quality: string }]>([
    ['an int in range', {}, { value: 5, quality: 'good' }],
    ['range bounds', { value: 1000 }, { value: 1000, quality: 'good' }],
    ['a bad-quality sample', { quality: 'bad' }, { value: 5, quality: 'bad' }],
    ['Wh converted to kWh', { signalId: 'line1.energy_kwh', value: 2500 }, { value: 2.5, quality: 'good' }],
    ['a boolean for a bool signal', { signalId: 'line1.running', value: true }, { value: 1, quality: 'good' }],
    ['a timestamp 4 minutes ahead', { ts: NOW + 4 * 60_000 }, { value: 5, quality: 'good' }],
  ])('accepts %s', (_, overrides, expected) => {
    const sut = validateSample(raw(overrides), catalog, NOW, LIMITS);
    expect(sut).toMatchObject({ ok: true, sample: expected });
  });
});

describe(compileSignalCatalog.name, () => {
  it('refuses a model with a unit pair it cannot convert (one that skipped validation)', () => {
    const valid = ModelBuilder.minimal().buildModel();
    const model = { ...valid, signals: valid.signals.map((s, i) => (i === 0 ? { ...s, sourceUnit: 'kg' } : s)) };
    expect(findUnitIssues(model)).toEqual([{ path: 'signals[0].sourceUnit', message: expect.stringContaining("from 'kg' to 'units'") }]);
    expect(() => compileSignalCatalog(model, 1)).toThrow(/cannot make/);
  });
});
