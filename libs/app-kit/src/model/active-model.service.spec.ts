import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { InProcessEventBus } from '@bsc/events';
import { ModelVersionRepository, openDataSource } from '@bsc/persistence';
import { TwinGraph, TwinModelBuilder, serializeModel } from '@bsc/twin';
import { ActiveModelService } from './active-model.service';

describe(ActiveModelService.name, () => {
  let dataSource: DataSource;
  let modelFile: string;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    modelFile = join(mkdtempSync(join(tmpdir(), 'bsc-model-')), 'twin.yaml');
    writeFileSync(modelFile, serializeModel(TwinModelBuilder.minimal().buildValid(), 'yaml'));
  });

  afterEach(() => dataSource.destroy());

  const create = (bus = new InProcessEventBus()) =>
    new ActiveModelService(new ModelVersionRepository(dataSource), bus, modelFile);

  it('imports the model file on first start and reads it back from the database afterwards', async () => {
    const first = create();
    await first.load();
    writeFileSync(modelFile, 'not: [a valid model');
    const second = create();
    await second.load();

    expect(first.current().version).toBe(1);
    expect(second.current().model).toEqual(first.current().model);
    expect(second.current().graph.nodes('kpi').length).toBeGreaterThan(0);
  });

  it('builds the twin graph at its first read when lazy, and keeps none built for the first import', async () => {
    const build = jest.spyOn(TwinGraph, 'fromModel');
    try {
      const sut = new ActiveModelService(new ModelVersionRepository(dataSource), new InProcessEventBus(), modelFile);
      await sut.load(); // eager: the import's graph is the snapshot's
      expect(build).toHaveBeenCalledTimes(1);
      const lazy = new ActiveModelService(
        new ModelVersionRepository(dataSource),
        new InProcessEventBus(),
        modelFile,
        0,
        undefined,
        true,
      );
      await lazy.load(); // the stored version: no graph yet
      expect(build).toHaveBeenCalledTimes(1);
      const nodes = lazy.current().graph.nodes('kpi').length;
      expect(lazy.current().graph.nodes('kpi')).toHaveLength(nodes);
      expect(build).toHaveBeenCalledTimes(2);
      expect(nodes).toBe(sut.current().graph.nodes('kpi').length);
    } finally {
      build.mockRestore();
    }
  });

  it('refuses to start on an invalid model file, naming the problems', async () => {
    writeFileSync(modelFile, 'apiVersion: bsc.twin/v1\nid: broken\n');
    await expect(create().load()).rejects.toThrow(/broken|name|units/);
  });

  it('picks up a version imported by another process (no event on its bus) at the next poll', async () => {
    const cli = create();
    await cli.load();
    const sut = new ActiveModelService(
      new ModelVersionRepository(dataSource),
      new InProcessEventBus(),
      modelFile,
      1_000,
    );
    await sut.load();
    const seen: number[] = [];
    sut.onChange((s) => seen.push(s.version));
    await cli.import({ ...cli.current().model, name: 'Imported by the CLI' }, 'cli');
    expect(sut.current().version).toBe(1);

    // what the timer runs every pollIntervalMs
    await sut.poll();
    await sut.poll();
    await sut.onModuleDestroy();

    expect(seen).toEqual([2]);
    expect(sut.current()).toMatchObject({ version: 2, model: { name: 'Imported by the CLI' } });
  });

  it('stores a changed model as a new version, notifies listeners and publishes model.imported', async () => {
    const bus = new InProcessEventBus();
    const published: number[] = [];
    bus.subscribe('model.imported', (e) => published.push(e.version));
    const sut = create(bus);
    await sut.load();
    const seen: number[] = [];
    sut.onChange((s) => seen.push(s.version));
    const changed = { ...sut.current().model, name: 'Renamed twin' };

    const outcome = await sut.import(changed, 'test');
    const unchanged = await sut.import(changed, 'test');

    expect(outcome).toMatchObject({ created: true, snapshot: { version: 2 } });
    expect(unchanged.created).toBe(false);
    expect(sut.current().model.name).toBe('Renamed twin');
    expect(seen).toEqual([2]);
    expect(published).toEqual([2]);
  });

  it('reloads when another process announces a newer version', async () => {
    const busA = new InProcessEventBus();
    const busB = new InProcessEventBus();
    const a = create(busA);
    const b = create(busB);
    await a.load();
    await b.load();
    busA.subscribe('model.imported', (e) => busB.publish('model.imported', e));
    const reloaded = new Promise<number>((resolve) => b.onChange((s) => resolve(s.version)));

    await a.import({ ...a.current().model, name: 'From A' }, 'test');

    await expect(reloaded).resolves.toBe(2);
    expect(b.current().model.name).toBe('From A');
  });
});
