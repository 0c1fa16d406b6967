import type { DataSource } from 'typeorm';
import type { ActiveModel } from '@bsc/app-kit';
import { DeadLetterRepository, openDataSource, type NewDeadLetter } from '@bsc/persistence';
import type { Principal } from '../auth/principal';
import type { ApiConfig } from '../config/api.config';
import { TwinIndexService } from '../twin/twin-index.service';
import { DeadLetterService } from './dead-letter.service';
import { twoPlantsModel } from './testing/two-plants.model';

const engineer = (units: string[] | null): Principal => ({ subject: 'eng', role: 'engineer', units, via: 'jwt' });
const ALL_UNITS = engineer(null);
const NORTH = engineer(['plant-north']);
const SOUTH = engineer(['plant-south']);
const ACME = engineer(['acme']);

const aLetter = (over: Partial<NewDeadLetter>): NewDeadLetter => ({
  source: 'mqtt',
  reason: 'invalid_json',
  detail: 'd',
  raw: '{',
  receivedAt: 1_000,
  ...over,
});
// ids 1-13 in this order; the comment says whose units each concerns
const LETTERS: NewDeadLetter[] = [
  aLetter({ signalId: 'north.speed', channel: 'north.speed', reason: 'out_of_range' }), // 1 north
  aLetter({ signalId: 'south.speed', channel: 'south.speed', reason: 'out_of_range' }), // 2 south
  aLetter({ channel: 'plant/north/line' }), // 3 north: its own topic
  aLetter({ channel: 'plant/south/line' }), // 4 south
  aLetter({ channel: 'plant/east/line', reason: 'unknown_topic' }), // 5 no one's: no binding reads it
  aLetter({ channel: 'plant/north/cell', reason: 'no_values' }), // 6 north: the wildcard topic, its segment
  aLetter({ channel: 'plant/south/cell', reason: 'no_values' }), // 7 south
  aLetter({ channel: 'plant/shared' }), // 8 north and south: both read the topic
  aLetter({ source: 'sparkplug', channel: 'spBv1.0/g/DDATA/north-edge/press', reason: 'sparkplug_unknown_metric' }), // 9 north
  aLetter({ source: 'sparkplug', channel: 'spBv1.0/g/DDATA/south-edge/press', reason: 'sparkplug_unknown_metric' }), // 10 south
  aLetter({ source: 'http', channel: '/intake/samples', reason: 'invalid_value' }), // 11 no one's: no signal named
  aLetter({ source: 'http', signalId: 'no.such.signal', channel: 'no.such.signal', reason: 'unknown_signal' }), // 12 no one's
  aLetter({ source: 'opcua:north-opc', signalId: 'north.temp', channel: 'north.temp', reason: 'bad_quality' }), // 13 north
];

describe(DeadLetterService.name, () => {
  let dataSource: DataSource;
  let sut: DeadLetterService;
  const ids = async (principal: Principal, page: { first?: number; after?: string } = {}, reason?: string) =>
    (await sut.list(principal, { reason }, page)).nodes.map((d) => Number(d.id));

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    const store = new DeadLetterRepository(dataSource);
    await store.add(LETTERS);
    const model = twoPlantsModel();
    const activeModel = { current: () => ({ model, version: 1 }) } as unknown as ActiveModel;
    sut = new DeadLetterService(store, { GRAPHQL_MAX_PAGE_SIZE: 200 } as ApiConfig, new TwinIndexService(activeModel));
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('lists every letter to a caller granted every unit', async () => {
    expect(await ids(ALL_UNITS)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it("lists a plant's engineer only the letters of its plant's signals and of topics only they read", async () => {
    expect(await ids(NORTH)).toEqual([13, 9, 6, 3, 1]);
    expect(await ids(SOUTH)).toEqual([10, 7, 4, 2]);
  });

  it('shows a topic both plants read to a caller granted both, and nothing no signal accounts for', async () => {
    expect(await ids(ACME)).toEqual([13, 10, 9, 8, 7, 6, 4, 3, 2, 1]);
  });

  it('fills each page with visible letters and counts only those', async () => {
    const first = await sut.list(NORTH, {}, { first: 2 });
    const second = await sut.list(NORTH, {}, { first: 2, after: first.pageInfo.endCursor! });
    const third = await sut.list(NORTH, {}, { first: 2, after: second.pageInfo.endCursor! });

    expect([first, second, third].map((p) => p.nodes.map((d) => Number(d.id)))).toEqual([[13, 9], [6, 3], [1]]);
    expect([first, second, third].map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(first.totalCount).toBe(5);
  });

  it('applies the filter within the scope', async () => {
    expect(await ids(NORTH, {}, 'invalid_json')).toEqual([3]);
    expect(await ids(ALL_UNITS, {}, 'invalid_json')).toEqual([8, 4, 3]);
  });
});
