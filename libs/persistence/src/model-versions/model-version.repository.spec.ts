import { TwinGraph, TwinModelBuilder, type TwinModel } from '@bsc/twin';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { ModelVersionRepository } from './model-version.repository';

const T1 = Date.UTC(2026, 0, 1);
const T2 = Date.UTC(2026, 5, 1);

describe(ModelVersionRepository.name, () => {
  let dataSource: DataSource;
  let sut: ModelVersionRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new ModelVersionRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  describe('importVersion', () => {
    it('stores the first import as active version 1 with the whole document', async () => {
      const model = TwinModelBuilder.acme().build();

      const { version, created } = await sut.importVersion(model, 'alice', { importedAt: T1 });

      expect(created).toBe(true);
      expect(version).toMatchObject({ modelId: 'acme', version: 1, importedAt: T1, importedBy: 'alice', active: true });
      expect(version.checksum).toMatch(/^[0-9a-f]{64}$/);
      await expect(sut.active()).resolves.toEqual(version);
      expect((await sut.get(1))?.model).toEqual(model);
    });

    it('creates no version when the model equals the active one, whatever the key order', async () => {
      const first = await sut.importVersion(TwinModelBuilder.acme().build(), 'alice', { importedAt: T1 });
      const reordered = Object.fromEntries(Object.entries(TwinModelBuilder.acme().build()).reverse()) as TwinModel;

      const again = await sut.importVersion(reordered, 'bob', { importedAt: T2 });

      expect(again).toEqual({ version: first.version, created: false });
      await expect(sut.list()).resolves.toHaveLength(1);
    });

    it('appends a new active version for a changed model and keeps the old one', async () => {
      await sut.importVersion(TwinModelBuilder.acme().build(), 'alice', { importedAt: T1 });

      const { version, created } = await sut.importVersion(
        TwinModelBuilder.acme().set('name', 'ACME Group').build(),
        'bob',
        {
          importedAt: T2,
        },
      );

      expect(created).toBe(true);
      expect(version.version).toBe(2);
      expect((await sut.list()).map((v) => [v.version, v.active])).toEqual([
        [2, true],
        [1, false],
      ]);
      expect((await sut.get(1))?.model.name).toBe('ACME Manufacturing');
    });

    it('numbers versions per model id', async () => {
      await sut.importVersion(TwinModelBuilder.acme().build(), 'alice', { importedAt: T1 });

      const other = await sut.importVersion(TwinModelBuilder.acme().set('id', 'globex').build(), 'alice', {
        importedAt: T2,
      });

      expect(other.version.version).toBe(1);
      expect((await sut.active('acme'))?.version).toBe(1);
      expect((await sut.list('globex')).map((v) => v.modelId)).toEqual(['globex']);
    });
  });

  describe('inForceAt', () => {
    it.each([
      { instant: T1 - 1, expected: null },
      { instant: T1, expected: 1 },
      { instant: T2 - 1, expected: 1 },
      { instant: T2 + 1, expected: 2 },
    ])('returns the newest version imported at or before $instant', async ({ instant, expected }) => {
      await sut.importVersion(TwinModelBuilder.acme().build(), 'alice', { importedAt: T1 });
      await sut.importVersion(TwinModelBuilder.acme().set('name', 'v2').build(), 'alice', { importedAt: T2 });

      const version = await sut.inForceAt(instant);

      expect(version?.version ?? null).toBe(expected);
    });
  });

  describe('graph', () => {
    it('stores exactly the edges of the TwinGraph, with their attributes', async () => {
      await sut.importVersion(
        TwinModelBuilder.acme().set('kpis[0].formula', 'avg(line1.speed, period) / 100').build(),
        'alice',
        { importedAt: T1 },
      );

      const graph = await sut.graph(1);

      expect(graph.nodes.filter((n) => n.kind === 'kpi')).toEqual([
        expect.objectContaining({ id: 'oee', name: 'Overall equipment effectiveness' }),
      ]);
      expect(graph.nodes.find((n) => n.id === 'oee')?.props).toMatchObject({ orgUnit: 'plant-north', target: 85 });
      // one row per TwinGraph edge: 1 model edge + 15 derived (3 part_of, measured_by, computed_from, 4 owned_by
      // for the KPI, both objectives and the initiative, contributes_to, 2 belongs_to, cause_effect, 2 supports)
      expect(graph.edges).toHaveLength(16);
      expect(graph.edges).toEqual(
        expect.arrayContaining([
          { from: 'plant-north', to: 'acme', type: 'part_of', props: { derived: true } },
          { from: 'line1.speed', to: 'line1.filler', type: 'measured_by', props: { derived: true } },
          { from: 'oee', to: 'line1.speed', type: 'computed_from', props: { derived: true } },
          { from: 'oee', to: 'plant-north', type: 'owned_by', props: { derived: true } },
          { from: 'oee', to: 'obj.efficiency', type: 'contributes_to', props: { derived: true, weight: 1 } },
          { from: 'obj.efficiency', to: 'internal_process', type: 'belongs_to', props: { derived: true } },
          // 1w = 7 × 86 400 000 ms
          {
            from: 'obj.efficiency',
            to: 'obj.margin',
            type: 'cause_effect',
            props: { derived: true, lag: '1w', lagMs: 604_800_000, polarity: 'positive' },
          },
          { from: 'init.smed', to: 'oee', type: 'supports', props: { derived: true } },
        ]),
      );
      // the model's own edge and the one derived from the asset's process, as the graph holds them
      expect(graph.edges.filter((e) => e.from === 'line1.filler' && e.type === 'part_of').map((e) => e.props)).toEqual([
        { derived: false },
        { derived: true },
      ]);
    });

    it('stores the same rows whether the caller passes the TwinGraph or not', async () => {
      const model = TwinModelBuilder.acme().build();
      await sut.importVersion(model, 'alice', { importedAt: T1, graph: TwinGraph.fromModel(model) });
      await sut.importVersion(TwinModelBuilder.acme().set('name', 'v2').build(), 'bob', { importedAt: T2 });

      const [first, second] = [await sut.graph(1), await sut.graph(2)];

      expect(second.edges).toEqual(first.edges);
    });

    it('keeps the graph of past versions', async () => {
      await sut.importVersion(TwinModelBuilder.acme().build(), 'alice', { importedAt: T1 });
      await sut.importVersion(TwinModelBuilder.acme().set('signals', []).build(), 'alice', { importedAt: T2 });

      expect((await sut.graph(1)).nodes.some((n) => n.kind === 'signal')).toBe(true);
      expect((await sut.graph(2)).nodes.some((n) => n.kind === 'signal')).toBe(false);
    });

    it('fails with NOT_FOUND for an unknown version', async () => {
      await expect(sut.graph(7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
