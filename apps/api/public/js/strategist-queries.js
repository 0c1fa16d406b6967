// GraphQL documents of the strategist's work: entries, targets, commentary, initiatives (apps/api/schema.gql).
const COMMENTARY = 'id subjectKind subjectId periodKey analysis actions author recordedAt';
const INITIATIVE = `id name owner unit objectives kpis status progress budgetAmount budgetCurrency budgetActual start end
  updatedBy updatedAt milestones { name due done }`;

export const PERIOD_COMMENTARY = `query PeriodCommentary($unit: ID!, $asOf: DateTime, $knownAt: DateTime) {
  periodCommentary(unit: $unit, asOf: $asOf, knownAt: $knownAt) { ${COMMENTARY} }
}`;

export const COMMENTARY_VERSIONS = `query CommentaryVersions($kind: CommentarySubject!, $id: ID!, $period: String) {
  commentaryVersions(subjectKind: $kind, subjectId: $id, periodKey: $period) { ${COMMENTARY} }
}`;

export const WRITE_COMMENTARY = `mutation WriteCommentary($input: WriteCommentaryInput!) {
  writeCommentary(input: $input) { ${COMMENTARY} }
}`;

export const KPI_WORK = `query KpiWork($id: ID!) { kpi(id: $id) { id name unit manualEntry periodKey reportingPeriod target } }`;

/** Asked only for manual KPIs: a computed KPI's trail holds every recomputation of the period. */
export const KPI_ENTRIES = `query KpiEntries($id: ID!) { kpi(id: $id) { revisions { value recordedAt enteredBy comment origin } } }`;

export const RECORD_KPI_VALUE = `mutation RecordKpiValue($input: RecordKpiValueInput!) {
  recordKpiValue(input: $input) { periodKey value enteredBy comment recordedAt }
}`;

export const SET_TARGET = `mutation SetTarget($input: SetTargetInput!) {
  setTarget(input: $input) { kpiId periodKey value setBy setAt }
}`;

export const CLEAR_TARGET = `mutation ClearTarget($input: ClearTargetInput!) {
  clearTarget(input: $input)
}`;

/** With asOf, each initiative as it stood then (time travel, a past briefing book). */
export const INITIATIVES = `query Initiatives($unit: ID, $asOf: DateTime) {
  initiatives(unit: $unit, asOf: $asOf) { ${INITIATIVE} }
  strategyMap(unit: $unit) { objectives { id name } }
  kpis(filter: { unit: $unit }, first: 200) { nodes { id name } }
}`;

/** Objective and KPI names by id, for the links of initiatives (which may reach into the units below). */
export function namesOfInitiativeLinks({ strategyMap, kpis }) {
  return new Map([...strategyMap.objectives, ...kpis.nodes].map((n) => [n.id, n.name]));
}

export const UPDATE_INITIATIVE = `mutation UpdateInitiative($id: ID!, $input: UpdateInitiativeInput!) {
  updateInitiative(id: $id, input: $input) { ${INITIATIVE} }
}`;

/** Roles that may write (the API guards it again). */
export const WRITER_ROLES = new Set(['admin', 'strategist']);
