import type { CommentaryType } from '../commentary/dto/commentary.types';
import type { ScorecardType } from '../scorecard/dto/scorecard.types';
import { csvField, kpiTableCsv } from './briefing-book.csv';

const kpi = (over: Record<string, unknown>): Record<string, unknown> => ({
  id: 'oee',
  name: 'OEE',
  unit: '%',
  periodKey: '2026-11',
  value: 81.5,
  target: 85,
  toDateTarget: 85,
  status: 'at_risk',
  score: 6.2,
  predictedStatus: 'on_target',
  expected: 85.4,
  probability: 0.55,
  ...over,
});

// a unit with one perspective, one objective named with a comma, two KPIs; commentary on the first only
const CARD = {
  unit: { id: 'plant', name: 'Plant' },
  perspectives: [
    {
      name: 'Internal Process',
      objectives: [
        {
          name: 'Reliable, efficient lines',
          kpis: [kpi({}), kpi({ id: 'scrap', name: 'Scrap "net"', unit: null, value: null, score: null })],
        },
      ],
    },
  ],
} as unknown as ScorecardType;

const NOTE = {
  subjectKind: 'kpi',
  subjectId: 'oee',
  analysis: 'Line 2 bearing, fixed',
  author: 'Alice',
} as unknown as CommentaryType;

describe(kpiTableCsv.name, () => {
  it('writes one row per KPI with the commentary of the period, quoting what needs it', () => {
    expect(kpiTableCsv(CARD, [NOTE]).split('\r\n')).toEqual([
      'unit,perspective,objective,kpi_id,kpi,period,value,target,to_date_target,unit_of_measure,status,score,predicted_status,expected,probability,commentary,commentary_by',
      'plant,Internal Process,"Reliable, efficient lines",oee,OEE,2026-11,81.5,85,85,%,at_risk,6.2,on_target,85.4,0.55,"Line 2 bearing, fixed",Alice',
      'plant,Internal Process,"Reliable, efficient lines",scrap,"Scrap ""net""",2026-11,,85,85,,at_risk,,on_target,85.4,0.55,,',
      '',
    ]);
  });

  it.each([
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['-5 by hand', "'-5 by hand"],
    [-5, '-5'],
    ['a\nb', '"a\nb"'],
    [null, ''],
  ])('csvField(%p) = %p', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
