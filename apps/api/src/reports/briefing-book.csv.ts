import type { CommentaryType } from '../commentary/dto/commentary.types';
import type { ScorecardType } from '../scorecard/dto/scorecard.types';

export const KPI_TABLE_COLUMNS = [
  'unit',
  'perspective',
  'objective',
  'kpi_id',
  'kpi',
  'period',
  'value',
  'target',
  'to_date_target',
  'unit_of_measure',
  'status',
  'score',
  'predicted_status',
  'expected',
  'probability',
  'commentary',
  'commentary_by',
] as const;

/** RFC 4180: quote fields holding a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The KPI table of a scorecard, one row per KPI of each objective, with the period's commentary on that KPI. */
export function kpiTableCsv(card: ScorecardType, commentary: readonly CommentaryType[]): string {
  const onKpi = new Map(commentary.filter((c) => c.subjectKind === 'kpi').map((c) => [c.subjectId, c]));
  const lines = [KPI_TABLE_COLUMNS.join(',')];
  for (const p of card.perspectives) {
    for (const o of p.objectives) {
      for (const k of o.kpis) {
        const note = onKpi.get(k.id);
        lines.push(
          [
            card.unit.id,
            p.name,
            o.name,
            k.id,
            k.name,
            k.periodKey,
            k.value,
            k.target,
            k.toDateTarget,
            k.unit,
            k.status,
            k.score,
            k.predictedStatus,
            k.expected,
            k.probability,
            note?.analysis,
            note?.author,
          ]
            .map(csvField)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
