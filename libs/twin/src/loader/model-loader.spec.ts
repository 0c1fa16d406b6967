import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BscError, BscErrorCode } from '@bsc/common';
import { dump } from 'js-yaml';
import { DEFAULT_PERSPECTIVES } from '../model/twin-model.types';
import { TwinModelBuilder } from '../testing/twin-model.builder';
import { ModelValidationError } from '../validation/model-validation.error';
import { loadModelFromFile, loadModelFromText, loadValidModelFromFile } from './model-loader';
import { serializeModel } from './model-serializer';

const DEMO = join(__dirname, '../../../../models/demo/acme-manufacturing.yaml');
const MINIMAL_YAML = ['apiVersion: bsc.twin/v1', 'id: tiny', 'name: Tiny'].join('\n');

/** YAML of plain data (builders may hand out objects js-yaml will not dump). */
const stringify = (value: unknown): string => dump(JSON.parse(JSON.stringify(value)));

describe('model loader', () => {
  describe(loadModelFromText.name, () => {
    const sut = loadModelFromText;

    it('applies the defaults to a model that states only what is required', () => {
      const text = `${MINIMAL_YAML}
units: [{ id: acme, name: ACME }]
signals: [{ id: s, name: S, source: { http: {} } }]
kpis: [{ id: k, name: K, unit: '%', orgUnit: acme, direction: higher_is_better, formula: s, target: 1 }]
objectives: [{ id: o, name: O, perspective: customer, unit: acme, kpis: [k] }]
links: [{ from: o, to: o2 }]
`;
      const model = sut(text.replace('links: [{ from: o, to: o2 }]\n', ''), 'yaml').model!;

      expect(model.calendar).toEqual({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
      expect(model.perspectives).toEqual(DEFAULT_PERSPECTIVES);
      expect(model.kpis[0]).toMatchObject({
        aggregation: 'avg',
        period: 'month',
        thresholds: { mode: 'percent', atRisk: 0, offTarget: 10 },
        indicator: 'lag',
        manualEntry: false,
        rollup: 'weighted_average',
        updateFrequency: '1m',
        targets: [],
        perspective: 'customer',
      });
      expect(model.objectives[0]).toMatchObject({ weight: 1, kpis: [{ kpi: 'k', weight: 1 }] });
      expect(model.units[0].weight).toBe(1);
      expect(model.signals[0]).toMatchObject({ dataType: 'double', source: { kind: 'http' } });
      for (const list of [
        model.links,
        model.processes,
        model.assets,
        model.edges,
        model.opcuaServers,
        model.initiatives,
      ])
        expect(list).toEqual([]);
    });

    it.each<[string, unknown, object]>([
      [
        'opcua',
        { opcua: { server: 'opc', nodeId: 'ns=1;s=X', samplingInterval: 500 } },
        { kind: 'opcua', server: 'opc', nodeId: 'ns=1;s=X', samplingInterval: 500 },
      ],
      [
        'mqtt',
        { mqtt: { topic: 'a/b', jsonPath: '$.v', timestampPath: '$.ts' } },
        { kind: 'mqtt', topic: 'a/b', jsonPath: '$.v', timestampPath: '$.ts' },
      ],
      [
        'sparkplug',
        { sparkplug: { group: 'g', edgeNode: 'e', metric: 'm' } },
        { kind: 'sparkplug', group: 'g', edgeNode: 'e', metric: 'm' },
      ],
      ['http', { http: {} }, { kind: 'http' }],
      ['manual (string form)', 'manual', { kind: 'manual' }],
    ])('normalises a %s source to the kind union', (_name, source, expected) => {
      const raw = TwinModelBuilder.minimal().set('signals[2].source', source).toDocument();

      const result = sut(JSON.stringify(raw), 'json');

      expect(result.issues).toEqual([]);
      expect(result.model!.signals[2].source).toEqual(expected);
    });

    it('reads the same model from YAML and JSON', () => {
      const raw = TwinModelBuilder.minimal().toDocument();

      const fromYaml = sut(stringify(raw), 'yaml');
      const fromJson = sut(JSON.stringify(raw), 'json');

      expect(fromYaml.issues).toEqual([]);
      expect(fromYaml.model).toEqual(fromJson.model);
    });

    it.each<[string, string, 'yaml' | 'json', RegExp]>([
      ['YAML syntax', 'apiVersion: [unclosed', 'yaml', /^YAML syntax error at line 1/],
      [
        'duplicate YAML keys',
        `${MINIMAL_YAML}\nname: Again`,
        'yaml',
        /YAML syntax error at line 4.*duplicated mapping key/,
      ],
      ['JSON syntax', '{"apiVersion": ', 'json', /^JSON syntax error/],
    ])('reports %s as an issue', (_name, text, format, message) => {
      const result = sut(text, format);

      expect(result.model).toBeUndefined();
      expect(result.issues[0].path).toBe('');
      expect(result.issues[0].message).toMatch(message);
    });

    it('refuses a document whose aliases expand beyond its own size (billion laughs), and allows a few aliases', () => {
      let bomb = 'apiVersion: bsc.twin/v1\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 9; i++)
        bomb += `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]\n`;
      expect(sut(bomb, 'yaml').issues).toEqual([
        { path: '', message: 'model refused: its aliases expand to more values than the text holds' },
      ]);

      const shared = stringify(TwinModelBuilder.minimal().toDocument()).replace(
        /^units:/m,
        'x-shared: &s { a: 1 }\nunits:',
      );
      expect(
        sut(`${shared}x-again: *s\n`, 'yaml')
          .issues.map((i) => i.message)
          .join(),
      ).not.toMatch(/refused/);
    });

    it('keeps unquoted numeric period keys as text', () => {
      const raw = TwinModelBuilder.minimal()
        .set('kpis[0].period', 'year')
        .set('kpis[0].targets', [{ period: 2026, value: 5 }])
        .toDocument();
      const text = stringify(raw).replace("'2026'", '2026');

      expect(sut(text, 'yaml').model!.kpis[0].targets).toEqual([{ period: '2026', value: 5 }]);
    });
  });

  describe(loadModelFromFile.name, () => {
    let dir: string;
    beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'twin-loader-'))));
    afterAll(async () => rm(dir, { recursive: true, force: true }));

    it('loads the ACME demo model without issues', async () => {
      const result = await loadModelFromFile(DEMO);

      expect(result.issues).toEqual([]);
      expect(result.format).toBe('yaml');
      expect(result.model!.signals.length).toBeGreaterThanOrEqual(30);
      expect(result.model!.kpis.length).toBeGreaterThanOrEqual(16);
      expect(new Set(result.model!.objectives.map((o) => o.perspective))).toEqual(
        new Set(['financial', 'customer', 'internal_process', 'learning_growth']),
      );
    });

    it('picks the format from the extension', async () => {
      const path = join(dir, 'model.json');
      await writeFile(path, JSON.stringify(TwinModelBuilder.minimal().toDocument()));

      const result = await loadModelFromFile(path);

      expect(result).toMatchObject({ format: 'json', source: path, issues: [] });
    });

    it('rejects with NOT_FOUND when the file cannot be read', async () => {
      await expect(loadModelFromFile(join(dir, 'missing.yaml'))).rejects.toMatchObject({ code: BscErrorCode.NotFound });
    });

    it('throws a ModelValidationError listing the issues from loadValidModelFromFile', async () => {
      const path = join(dir, 'broken.yaml');
      await writeFile(path, stringify(TwinModelBuilder.minimal().set('kpis[1].formula', 'ghost').toDocument()));

      const error = await loadValidModelFromFile(path).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ModelValidationError);
      expect(error).toBeInstanceOf(BscError);
      expect(error).toMatchObject({
        code: BscErrorCode.ModelInvalid,
        details: [{ path: 'kpis[1].formula', message: "unknown signal or KPI 'ghost'" }],
      });
    });
  });

  describe(serializeModel.name, () => {
    it.each<'yaml' | 'json'>(['yaml', 'json'])('round-trips the demo model through %s', async (format) => {
      const { model } = await loadModelFromFile(DEMO);

      const reloaded = loadModelFromText(serializeModel(model!, format), format);

      expect(reloaded.issues).toEqual([]);
      expect(reloaded.model).toEqual(model);
    });

    it('writes signal sources in the nested file form', () => {
      const text = serializeModel(TwinModelBuilder.minimal().buildValid(), 'json');

      const written = JSON.parse(text) as { signals: Array<{ source: unknown }> };

      expect(written.signals.map((s) => s.source)).toEqual([
        { opcua: { server: 'opc', nodeId: 'ns=1;s=Line1.Good' } },
        { mqtt: { topic: 'acme/line1', jsonPath: '$.scrap' } },
        { manual: {} },
      ]);
    });
  });
});
