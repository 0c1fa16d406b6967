import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { InitiativeStateRepository } from './initiative-state.repository';
import type { NewInitiativeState } from './initiative-state.types';

const aState = (overrides: Partial<NewInitiativeState> = {}): NewInitiativeState => ({
  initiativeId: 'init.smed',
  status: 'on_track',
  progress: 0.4,
  milestones: [{ name: 'Pilot on line 1', due: '2026-12-01', done: true }],
  updatedBy: 'alice',
  updatedAt: 1_000,
  ...overrides,
});

describe(InitiativeStateRepository.name, () => {
  let dataSource: DataSource;
  let sut: InitiativeStateRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new InitiativeStateRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('saves a state with its milestones and reads it back', async () => {
    const saved = await sut.save(aState());

    await expect(sut.get('init.smed')).resolves.toEqual(saved);
    expect(saved.milestones).toEqual([{ name: 'Pilot on line 1', due: '2026-12-01', done: true }]);
  });

  it('replaces the previous state of the initiative', async () => {
    await sut.save(aState());

    await sut.save(aState({ status: 'at_risk', progress: 0.5, updatedBy: 'bob', updatedAt: 2_000 }));

    expect((await sut.list()).map((s) => [s.status, s.progress, s.updatedBy])).toEqual([['at_risk', 0.5, 'bob']]);
  });

  it('keeps the state in force at a past instant after a later update', async () => {
    const nov = (day: number) => Date.UTC(2026, 10, day);
    await sut.save(aState({ status: 'on_track', progress: 0.2, updatedAt: nov(1) }));
    await sut.save(aState({ status: 'at_risk', progress: 0.3, updatedAt: nov(10) }));

    // on track from 1 Nov until 10 Nov, at risk from then: 5 Nov reads on track, 31 Oct nothing yet
    const at = async (t: number) => (await sut.inForceAt(t)).map((s) => [s.status, s.progress]);
    expect(await at(nov(5))).toEqual([['on_track', 0.2]]);
    expect(await at(nov(10))).toEqual([['at_risk', 0.3]]);
    expect(await at(nov(1) - 1)).toEqual([]);
    expect((await sut.list()).map((s) => s.status)).toEqual(['at_risk']);
  });

  it('reads the states in force at an instant of some initiatives only', async () => {
    await sut.save(aState({ initiativeId: 'a', updatedAt: 1_000 }));
    await sut.save(aState({ initiativeId: 'b', updatedAt: 1_000 }));

    expect((await sut.inForceAt(1_000, ['b', 'c'])).map((s) => s.initiativeId)).toEqual(['b']);
  });

  it('lists the states of some initiatives', async () => {
    await sut.save(aState({ initiativeId: 'a' }));
    await sut.save(aState({ initiativeId: 'b' }));

    expect((await sut.list(['b', 'c'])).map((s) => s.initiativeId)).toEqual(['b']);
    await expect(sut.get('c')).resolves.toBeNull();
  });
  it('stamps an update timed before the state in force as made with it, never superseding a row before it began', async () => {
    // A stamped 5003 and B 5001, but A got its turn first: as in the same millisecond, B wins from 5003
    await sut.save(aState({ status: 'on_track', updatedAt: 5_003 }));
    const late = await sut.save(aState({ status: 'at_risk', updatedAt: 5_001 }));

    expect(late.updatedAt).toBe(5_003);
    expect(await sut.inForceAt(5_002)).toEqual([]);
    expect((await sut.inForceAt(5_003)).map((s) => s.status)).toEqual(['at_risk']);
  });
});
