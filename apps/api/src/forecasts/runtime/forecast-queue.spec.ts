import { batchRuns, toForecastJob } from './forecast-queue';

describe(toForecastJob.name, () => {
  it.each<[string, unknown]>([
    ["a KPI's job", { runId: '1764979200000', kpiId: 'oee_line2' }],
    ['the links job', { runId: '1764979200000', kpiId: null }],
  ])('takes %s as the scheduler enqueues it', (_, job) => {
    expect(toForecastJob(job)).toEqual(job);
  });

  it('keeps only the fields of a job', () => {
    expect(toForecastJob({ runId: 'r', kpiId: 'k', extra: 1 })).toEqual({ runId: 'r', kpiId: 'k' });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'a run id is missing'],
    ['a string', 'oee_line2', 'a run id is missing'],
    ['a numeric run id', { runId: 1, kpiId: 'k' }, 'a run id is missing'],
    ['no KPI id', { runId: 'r' }, 'KPI id undefined'],
    ['a numeric KPI id', { runId: 'r', kpiId: 7 }, 'KPI id 7'],
    ['an empty KPI id', { runId: 'r', kpiId: '' }, 'KPI id ""'],
  ])('refuses %s', (_, value, message) => {
    expect(() => toForecastJob(value)).toThrow(`not a forecast job: ${message}`);
  });
});

describe(batchRuns.name, () => {
  it('splits a pulled batch by run, each with its KPIs, its links job and its time', () => {
    const jobs = [
      { runId: '1764979200000', kpiId: 'oee' },
      { runId: '1764979800000', kpiId: 'oee' },
      { runId: '1764979200000', kpiId: null },
      { runId: '1764979200000', kpiId: 'scrap' },
      { runId: '1764979200000', kpiId: 'oee' },
    ];

    expect(batchRuns(jobs)).toEqual([
      { kpiIds: ['oee', 'scrap'], links: true, runAt: 1_764_979_200_000 },
      { kpiIds: ['oee'], links: false, runAt: 1_764_979_800_000 },
    ]);
  });

  it.each(['', ' ', 'r', 'Infinity'])('gives a run id %j that is no time no time of its own', (runId) => {
    expect(batchRuns([{ runId, kpiId: 'oee' }])).toEqual([{ kpiIds: ['oee'], links: false, runAt: undefined }]);
  });
});
