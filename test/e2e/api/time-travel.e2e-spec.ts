import { serializeModel } from '@bsc/twin';
import { bearer, gql, startApiTestApp, type ApiTestApp } from './api-test-app';

interface Card {
  scorecard: {
    modelVersion: number;
    perspectives: Array<{
      id: string;
      objectives: Array<{ id: string; name: string; kpis: Array<{ id: string; value: number | null }> }>;
    }>;
  };
}

const QUERY = `query($asOf: DateTime, $knownAt: DateTime) {
  scorecard(unit: "acme", asOf: $asOf, knownAt: $knownAt) {
    modelVersion perspectives { id objectives { id name kpis { id value } } }
  }
}`;

const engagement = (card: Card) =>
  card.scorecard.perspectives
    .flatMap((p) => p.objectives)
    .flatMap((o) => o.kpis)
    .find((k) => k.id === 'employee_engagement')?.value;
const objectiveName = (card: Card, id: string) =>
  card.scorecard.perspectives.flatMap((p) => p.objectives).find((o) => o.id === id)?.name;

// A fake clock instead of sleeps: the server in this process stamps revisions and imports with Date.now(), which
// moves by whole seconds between steps. Only Date.now is replaced: a replaced Date constructor would no longer be
// the Date that Nest's ValidationPipe recognises as a primitive argument type.
let clock = 0;
const tick = (): void => void (clock += 1_000);
const isoNow = (): string => new Date(Date.now()).toISOString();

describe('time travel (values recorded at t1, model re-imported, correction at t2)', () => {
  let sut: ApiTestApp;
  beforeAll(async () => {
    sut = await startApiTestApp();
    clock = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => clock);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await sut?.close();
  });

  it('shows the past as known then, as corrected later, and the present', async () => {
    const strategist = bearer(sut.token('strategist'));
    const record = (value: number, comment: string) =>
      gql(
        sut.url,
        'mutation($v: Float!, $c: String) { recordKpiValue(input: { kpiId: "employee_engagement", value: $v, comment: $c }) { id } }',
        { v: value, c: comment },
        strategist,
      );

    expect((await record(70, 'survey wave 1')).errors).toBeUndefined();
    tick();
    const t1 = isoNow();
    tick();

    const model = sut.activeModel.current().model;
    const objectiveId = model.objectives.find((o) => o.kpis.some((k) => k.kpi === 'employee_engagement'))!.id;
    const renamed = {
      ...model,
      objectives: model.objectives.map((o) => (o.id === objectiveId ? { ...o, name: `${o.name} (v2)` } : o)),
    };
    const imported = await gql<{ importModel: { ok: boolean; version: number } }>(
      sut.url,
      'mutation($doc: String!) { importModel(document: $doc, format: json) { ok version issues { path message } } }',
      { doc: serializeModel(renamed, 'json') },
      bearer(sut.token('engineer')),
    );
    expect(imported.data?.importModel).toEqual(expect.objectContaining({ ok: true, issues: [] }));
    tick();
    expect((await record(76, 'late survey returns')).errors).toBeUndefined();

    const viewer = bearer(sut.token('viewer'));
    const asKnown = (await gql<Card>(sut.url, QUERY, { asOf: t1, knownAt: t1 }, viewer)).data!;
    const asCorrected = (await gql<Card>(sut.url, QUERY, { asOf: t1, knownAt: isoNow() }, viewer)).data!;
    const now = (await gql<Card>(sut.url, QUERY, {}, viewer)).data!;

    expect(engagement(asKnown)).toBe(70);
    expect(engagement(asCorrected)).toBe(76);
    expect(engagement(now)).toBe(76);
    // the structure is the one in force at asOf, whatever is known since
    expect(asKnown.scorecard.modelVersion).toBe(asCorrected.scorecard.modelVersion);
    expect(now.scorecard.modelVersion).toBe(imported.data!.importModel.version);
    expect(objectiveName(asKnown, objectiveId)).not.toMatch(/\(v2\)$/);
    expect(objectiveName(now, objectiveId)).toMatch(/\(v2\)$/);
  });

  it('keeps corrections in the revision trail with who and when', async () => {
    const res = await gql<{
      kpi: { revisions: Array<{ value: number; enteredBy: string; comment: string; origin: string }> };
    }>(
      sut.url,
      '{ kpi(id: "employee_engagement") { revisions { value enteredBy comment origin } } }',
      {},
      bearer(sut.token('viewer')),
    );
    expect(res.data?.kpi.revisions).toEqual([
      { value: 70, enteredBy: 'strategist-user', comment: 'survey wave 1', origin: 'manual' },
      { value: 76, enteredBy: 'strategist-user', comment: 'late survey returns', origin: 'manual' },
    ]);
  });

  it('returns validation issues per path as data and stores nothing', async () => {
    const before = sut.activeModel.current().version;
    const res = await gql<{ importModel: { ok: boolean; version: number | null; issues: Array<{ path: string }> } }>(
      sut.url,
      'mutation($doc: String!) { importModel(document: $doc) { ok version issues { path message } } }',
      { doc: 'apiVersion: bsc.twin/v1\nid: broken\nname: Broken\nkpis:\n  - { id: k1, name: K1 }\n' },
      bearer(sut.token('engineer')),
    );
    expect(res.data?.importModel.ok).toBe(false);
    expect(res.data?.importModel.version).toBeNull();
    expect(res.data?.importModel.issues.some((i) => i.path.startsWith('kpis[0]'))).toBe(true);
    expect(sut.activeModel.current().version).toBe(before);
  });

  it.each([
    ['a computed KPI', { kpiId: 'oee_line1', value: 50 }, 'input.kpiId'],
    ['a value out of range', { kpiId: 'employee_engagement', value: 140 }, 'input.value'],
    ['a wrong unit', { kpiId: 'employee_engagement', value: 50, unit: '%' }, 'input.unit'],
    [
      'a period of the wrong kind',
      { kpiId: 'employee_engagement', value: 50, periodKey: '2026-11' },
      'input.periodKey',
    ],
  ])('refuses a manual value for %s, naming the field', async (_case, input, field) => {
    const res = await gql(
      sut.url,
      'mutation($input: RecordKpiValueInput!) { recordKpiValue(input: $input) { id } }',
      { input },
      bearer(sut.token('strategist')),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('shows a new target at once (the cached live scorecard is invalidated)', async () => {
    const viewer = bearer(sut.token('viewer'));
    const targetOf = async () => {
      const res = await gql<{
        scorecard: {
          perspectives: Array<{
            objectives: Array<{ kpis: Array<{ id: string; target: number | null; periodKey: string }> }>;
          }>;
        };
      }>(
        sut.url,
        '{ scorecard(unit: "acme") { perspectives { objectives { kpis { id target periodKey } } } } }',
        {},
        viewer,
      );
      return res
        .data!.scorecard.perspectives.flatMap((p) => p.objectives)
        .flatMap((o) => o.kpis)
        .find((k) => k.id === 'employee_engagement')!;
    };
    const before = await targetOf();
    const res = await gql(
      sut.url,
      'mutation($p: String!) { setTarget(input: { kpiId: "employee_engagement", periodKey: $p, value: 91 }) { value } }',
      { p: before.periodKey },
      bearer(sut.token('strategist')),
    );
    expect(res.errors).toBeUndefined();
    expect(before.target).not.toBe(91);
    expect((await targetOf()).target).toBe(91);
  });

  it('serves the KPI history and the scorecard of a named period', async () => {
    const viewer = bearer(sut.token('viewer'));
    const res = await gql<{
      kpi: { periodKey: string; history: Array<{ periodKey: string; value: number; count: number }> };
    }>(
      sut.url,
      '{ kpi(id: "employee_engagement") { periodKey history(interval: year) { periodKey value count } } }',
      {},
      viewer,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.kpi.history).toHaveLength(1);
    expect(res.data?.kpi.history[0]).toMatchObject({ value: 76, count: 1 });

    const period = res.data!.kpi.periodKey;
    const card = await gql<{ scorecard: { asOf: string } }>(
      sut.url,
      'query($p: String) { scorecard(unit: "acme", period: $p) { asOf } }',
      { p: period },
      viewer,
    );
    expect(card.errors).toBeUndefined();
    expect(Date.parse(card.data!.scorecard.asOf)).toBeLessThanOrEqual(Date.now());

    const bad = await gql(sut.url, '{ scorecard(period: "2026-13") { asOf } }', {}, viewer);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'period' });
  });

  it('describes an instant before the first import with the first model version', async () => {
    const res = await gql<{ scorecard: { modelVersion: number; asOf: string } }>(
      sut.url,
      '{ scorecard(unit: "acme", asOf: "2020-01-15T00:00:00.000Z") { modelVersion asOf } }',
      {},
      bearer(sut.token('viewer')),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.scorecard).toEqual({ modelVersion: 1, asOf: '2020-01-15T00:00:00.000Z' });
  });

  it('shows initiatives as they stood at a past instant, in the scorecard and the initiatives list', async () => {
    const strategist = bearer(sut.token('strategist'));
    const update = (status: string, progress: number) =>
      gql(
        sut.url,
        'mutation($s: InitiativeStatus!, $p: Float!) { updateInitiative(id: "tpm_rollout", input: { status: $s, progress: $p }) { id } }',
        { s: status, p: progress },
        strategist,
      );
    tick();
    expect((await update('on_track', 0.2)).errors).toBeUndefined();
    tick();
    const between = isoNow();
    tick();
    expect((await update('at_risk', 0.3)).errors).toBeUndefined();

    // on track from the first update, at risk from the second: the instant between them reads on track
    const read = async (asOf: string | null) => {
      const res = await gql<{
        scorecard: {
          perspectives: Array<{
            objectives: Array<{ initiatives: Array<{ id: string; status: string; progress: number }> }>;
          }>;
        };
        initiatives: Array<{ id: string; status: string; progress: number }>;
      }>(
        sut.url,
        `query($asOf: DateTime) {
          scorecard(unit: "plant-north", asOf: $asOf) { perspectives { objectives { initiatives { id status progress } } } }
          initiatives(unit: "plant-north", asOf: $asOf) { id status progress }
        }`,
        { asOf },
        bearer(sut.token('viewer')),
      );
      expect(res.errors).toBeUndefined();
      const inCard = res
        .data!.scorecard.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.initiatives))
        .find((i) => i.id === 'tpm_rollout');
      const listed = res.data!.initiatives.find((i) => i.id === 'tpm_rollout');
      return [inCard && [inCard.status, inCard.progress], listed && [listed.status, listed.progress]];
    };
    expect(await read(between)).toEqual([
      ['on_track', 0.2],
      ['on_track', 0.2],
    ]);
    expect(await read(null)).toEqual([
      ['at_risk', 0.3],
      ['at_risk', 0.3],
    ]);
  });
});
