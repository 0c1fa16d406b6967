import type { RawSampleInput } from '@bsc/common';
import { ingestionTestModel } from '../testing/ingestion-model.builder';
import { compileSignalCatalog, findUnitIssues } from './signal-catalog';
import { MAX_TEXT_LENGTH, validateSample } from './sample-validator';
import { TwinModelBuilder } from '../testing/twin-model.builder';
import type { SignalDef } from '../model/twin-model.types';

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
    [
      'a 64-bit integer no double holds, 2^53 + 1',
      { signalId: 'crm.complaints', value: 2n ** 53n + 1n },
      'out_of_range',
    ],
    [
      'a 64-bit integer no double holds, -(2^63 - 1)',
      { signalId: 'line1.temp', value: 1n - 2n ** 63n },
      'out_of_range',
    ],
    ['a bigint in range but above the model range', { value: 1001n }, 'out_of_range'],
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
    ['a 64-bit integer as a bigint', { value: 5n }, { value: 5, quality: 'good' }],
    ['a negative 64-bit integer', { signalId: 'line1.temp', value: -5n }, { value: -5, quality: 'good' }],
    // 2^53 + 2 and 2^60 lie beyond 2^53 but are doubles themselves
    [
      '2^53 + 2, a double',
      { signalId: 'crm.complaints', value: 2n ** 53n + 2n },
      { value: 2 ** 53 + 2, quality: 'good' },
    ],
    ['2^60, a double', { signalId: 'crm.complaints', value: 2n ** 60n }, { value: 2 ** 60, quality: 'good' }],
  ])('accepts %s', (_, overrides, expected) => {
    const sut = validateSample(raw(overrides), catalog, NOW, LIMITS);
    expect(sut).toMatchObject({ ok: true, sample: expected });
  });

  it('says why a 64-bit integer was refused', () => {
    expect(validateSample(raw({ signalId: 'crm.complaints', value: 2n ** 53n + 1n }), catalog, NOW, LIMITS)).toEqual({
      ok: false,
      reason: 'out_of_range',
      detail: 'integer 9007199254740993 cannot be stored exactly: a double holds every integer only up to ±2^53',
    });
  });
});

describe(`${validateSample.name} of statuses and text`, () => {
  const base = ingestionTestModel();
  const recipe: SignalDef = {
    id: 'line1.recipe',
    name: 'Recipe',
    unit: '',
    dataType: 'string',
    source: { kind: 'http' },
  };
  const withText = compileSignalCatalog({ ...base, signals: [...base.signals, recipe] }, 4);
  const BAD_NODE_ID_UNKNOWN = 0x80340000;

  it.each<[string, Partial<RawSampleInput>, Record<string, unknown>]>([
    [
      'a Bad status without a value, keeping the code',
      { value: null, quality: 'bad', statusCode: BAD_NODE_ID_UNKNOWN },
      { value: NaN, quality: 'bad', statusCode: BAD_NODE_ID_UNKNOWN },
    ],
    [
      'an Uncertain status without a value',
      { value: undefined, quality: 'uncertain', statusCode: 0x40000000 },
      { value: NaN, quality: 'uncertain', statusCode: 0x40000000 },
    ],
    [
      'a Bad status with a value',
      { value: 7, quality: 'bad', statusCode: 0x808c0000 },
      { value: 7, quality: 'bad', statusCode: 0x808c0000 },
    ],
    [
      'text for a string signal',
      { signalId: 'line1.recipe', value: 'IPA-330' },
      { value: NaN, text: 'IPA-330', quality: 'good' },
    ],
    ['a number for a string signal, as its text', { signalId: 'line1.recipe', value: 42 }, { text: '42' }],
    ['a boolean for a string signal', { signalId: 'line1.recipe', value: false }, { text: 'false' }],
    [
      'a 64-bit integer for a string signal, to the last digit',
      { signalId: 'line1.recipe', value: 2n ** 53n + 1n },
      { text: '9007199254740993' },
    ],
    [
      'a date for a string signal, as ISO 8601',
      { signalId: 'line1.recipe', value: new Date(Date.UTC(2026, 10, 22, 6, 30)) },
      { text: '2026-11-22T06:30:00.000Z' },
    ],
    [
      'a NUL character, which PostgreSQL refuses in text, as U+FFFD',
      { signalId: 'line1.recipe', value: 'a\u0000b' },
      { text: 'a\ufffdb' },
    ],
    [
      'text at the length limit',
      { signalId: 'line1.recipe', value: 'x'.repeat(MAX_TEXT_LENGTH) },
      { text: 'x'.repeat(MAX_TEXT_LENGTH) },
    ],
  ])('stores %s', (_, overrides, expected) => {
    const sut = validateSample(raw(overrides), withText, NOW, LIMITS);
    expect(sut).toMatchObject({ ok: true, sample: expected });
  });

  it.each<[string, Partial<RawSampleInput>, string]>([
    ['a Good status without a value', { value: null, quality: 'good' }, 'wrong_type'],
    ['an object for a string signal', { signalId: 'line1.recipe', value: { a: 1 } }, 'wrong_type'],
    [
      'text one character over the limit',
      { signalId: 'line1.recipe', value: 'x'.repeat(MAX_TEXT_LENGTH + 1) },
      'out_of_range',
    ],
  ])('refuses %s', (_, overrides, reason) => {
    expect(validateSample(raw(overrides), withText, NOW, LIMITS)).toMatchObject({ ok: false, reason });
  });
});

describe(compileSignalCatalog.name, () => {
  it('refuses a model with a unit pair it cannot convert (one that skipped validation)', () => {
    const valid = TwinModelBuilder.minimal().buildValid();
    const model = { ...valid, signals: valid.signals.map((s, i) => (i === 0 ? { ...s, sourceUnit: 'kg' } : s)) };
    expect(findUnitIssues(model)).toEqual([
      { path: 'signals[0].sourceUnit', message: expect.stringContaining("from 'kg' to 'units'") as unknown },
    ]);
    expect(() => compileSignalCatalog(model, 1)).toThrow(/cannot make/);
  });
});

describe(`${validateSample.name} of converted values`, () => {
  const base = ingestionTestModel();
  const meter = (id: string, over: Partial<SignalDef>): SignalDef => ({
    id,
    name: id,
    unit: 'kWh',
    sourceUnit: 'Wh',
    dataType: 'double',
    source: { kind: 'http' },
    ...over,
  });
  const signals = [
    meter('meter.capped', { range: { min: 0, max: 0.7 } }),
    meter('meter.kwh_int', { dataType: 'int' }),
    meter('meter.wh_int', { unit: 'Wh', sourceUnit: 'kWh', dataType: 'int' }),
    meter('meter.wh', { unit: 'Wh', sourceUnit: 'kWh' }),
  ];
  const converted = compileSignalCatalog({ ...base, signals: [...base.signals, ...signals] }, 5);
  const check = (signalId: string, value: number) => validateSample(raw({ signalId, value }), converted, NOW, LIMITS);

  it.each<[string, string, number, number]>([
    ['700 Wh at a limit of 0.7 kWh', 'meter.capped', 700, 0.7],
    ['2000 Wh in an int kWh signal, as 2 kWh', 'meter.kwh_int', 2000, 2],
    ['1.5 kWh in an int Wh signal, as 1500 Wh', 'meter.wh_int', 1.5, 1500],
    ['1e300 kWh, as 1e303 Wh', 'meter.wh', 1e300, 1e303],
  ])('stores %s', (_, signalId, value, stored) => {
    expect(check(signalId, value)).toMatchObject({ ok: true, sample: { value: stored } });
  });

  it.each<[string, string, number, string]>([
    ['701 Wh over a limit of 0.7 kWh', 'meter.capped', 701, 'out_of_range'],
    ['1500 Wh in an int kWh signal: 1.5 kWh', 'meter.kwh_int', 1500, 'wrong_type'],
    ['1.5004 kWh in an int Wh signal: 1500.4 Wh', 'meter.wh_int', 1.5004, 'wrong_type'],
    ['1e306 kWh, which overflows to Infinity Wh', 'meter.wh', 1e306, 'not_a_number'],
  ])('refuses %s', (_, signalId, value, reason) => {
    expect(check(signalId, value)).toMatchObject({ ok: false, reason });
  });
});
