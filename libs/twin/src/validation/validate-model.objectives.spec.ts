import { itReportsEach, type RefusedCase } from './test-support/validation-cases';
import { validateModel } from './validate-model';

const REFUSED: RefusedCase[] = [
  // objectives
  {
    rule: 'negative weight',
    mutate: (b) => b.set('objectives[0].kpis[0].weight', -1),
    path: 'objectives[0].kpis[0].weight',
    message: /must be >= 0/,
  },
  {
    rule: 'objective.unit',
    mutate: (b) => b.set('objectives[0].unit', 'nope'),
    path: 'objectives[0].unit',
    message: "unknown org unit 'nope'",
  },
  {
    rule: 'objective.perspective',
    mutate: (b) => b.set('objectives[0].perspective', 'people'),
    path: 'objectives[0].perspective',
    message: "unknown perspective 'people'",
  },
  {
    rule: 'objective kpi ref',
    mutate: (b) => b.set('objectives[0].kpis[1].kpi', 'oee'),
    path: 'objectives[0].kpis[1].kpi',
    message: "unknown KPI 'oee'",
  },
  {
    rule: 'objective kpi ref of wrong kind',
    mutate: (b) => b.set('objectives[1].kpis[0]', 'line1.good'),
    path: 'objectives[1].kpis[0].kpi',
    message: "'line1.good' is a signal, expected KPI",
  },
  {
    rule: 'objective without KPIs',
    mutate: (b) => b.set('objectives[1].kpis', []),
    path: 'objectives[1].kpis',
    message: 'objective has no KPIs',
  },
  {
    rule: 'KPI listed twice',
    mutate: (b) => b.push('objectives[1].kpis', 'output'),
    path: 'objectives[1].kpis[1].kpi',
    message: /listed twice/,
  },
  // links
  {
    rule: 'link.from',
    mutate: (b) => b.set('links[0].from', 'output'),
    path: 'links[0].from',
    message: "'output' is a KPI, expected objective",
  },
  {
    rule: 'link.to',
    mutate: (b) => b.set('links[0].to', 'nope'),
    path: 'links[0].to',
    message: "unknown objective 'nope'",
  },
  {
    rule: 'link lag',
    mutate: (b) => b.set('links[0].lag', '3 months'),
    path: 'links[0].lag',
    message: /invalid duration '3 months'/,
  },
  {
    rule: 'self link',
    mutate: (b) => b.set('links[0].to', 'efficient'),
    path: 'links[0].to',
    message: /cannot cause itself/,
  },
  // initiatives
  {
    rule: 'currency',
    mutate: (b) => b.set('initiatives[0].budget', { amount: 1, currency: 'euro' }),
    path: 'initiatives[0].budget.currency',
    message: /ISO 4217/,
  },
  {
    rule: 'initiative.unit',
    mutate: (b) => b.set('initiatives[0].unit', 'nope'),
    path: 'initiatives[0].unit',
    message: "unknown org unit 'nope'",
  },
  {
    rule: 'initiative.objectives',
    mutate: (b) => b.set('initiatives[0].objectives[0]', 'nope'),
    path: 'initiatives[0].objectives[0]',
    message: "unknown objective 'nope'",
  },
  {
    rule: 'initiative.kpis',
    mutate: (b) => b.set('initiatives[0].kpis[0]', 'nope'),
    path: 'initiatives[0].kpis[0]',
    message: "unknown KPI 'nope'",
  },
  {
    rule: 'initiative dates',
    mutate: (b) => b.set('initiatives[0].start', '2026-05-01').set('initiatives[0].end', '2026-04-01'),
    path: 'initiatives[0].end',
    message: 'end is before start',
  },
  {
    rule: 'milestone date',
    mutate: (b) => b.set('initiatives[0].milestones', [{ name: 'M1', due: '2026-02-30' }]),
    path: 'initiatives[0].milestones[0].due',
    message: /invalid date '2026-02-30'/,
  },
];

describe(validateModel.name, () => {
  describe('objectives, links and initiatives', () => {
    itReportsEach(REFUSED);
  });
});
