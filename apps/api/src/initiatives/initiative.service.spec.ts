import { InitiativeStateRepository, openDataSource } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import type { ModelEditService } from '../model/model-edit.service';
import type { ScorecardService } from '../scorecard/scorecard.service';
import { TwinIndex } from '../twin/twin-index';
import type { TwinIndexService } from '../twin/twin-index.service';
import { InitiativeService } from './initiative.service';

describe(InitiativeService.name, () => {
  const model = TwinModelBuilder.model('m')
    .unit('acme')
    .kpi('oee', 'x', { orgUnit: 'acme', period: 'month' })
    .objective('o', 'acme', 'financial', [['oee', 1]])
    .initiative('smed', 'acme', ['o'], { status: 'planned' })
    .build();
  const admin = { subject: 'a', role: 'admin', units: null } as unknown as Principal;
  const nov = (day: number) => new Date(Date.UTC(2026, 10, day));
  let dataSource: DataSource;
  let sut: InitiativeService;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    const states = new InitiativeStateRepository(dataSource);
    const index = new TwinIndex(model, 1);
    sut = new InitiativeService(
      { current: () => index } as unknown as TwinIndexService,
      {} as ModelEditService,
      { invalidate: () => undefined } as unknown as ScorecardService,
      states,
    );
    const state = { initiativeId: 'smed', milestones: [], updatedBy: 'alice' };
    await states.save({ ...state, status: 'on_track', progress: 0.2, updatedAt: nov(1).getTime() });
    await states.save({ ...state, status: 'at_risk', progress: 0.3, updatedAt: nov(10).getTime() });
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  // on track set on 1 Nov, at risk on 10 Nov; before 1 Nov only the model's definition (planned, no milestones)
  it.each([
    ['5 Nov', nov(5), 'on_track', 0.2],
    ['10 Nov', nov(10), 'at_risk', 0.3],
    ['31 Oct', new Date(nov(1).getTime() - 1), 'planned', null],
    ['now', undefined, 'at_risk', 0.3],
  ] as const)('lists an initiative as of %s with the state in force then', async (_, asOf, status, progress) => {
    const [initiative] = await sut.list(admin, 'acme', asOf);

    expect(initiative).toMatchObject({ id: 'smed', status, progress });
  });
});
