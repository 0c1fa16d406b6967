// The GraphQL documents the page uses (apps/api/schema.gql).
const UNIT_NODE = 'unit { id name } score status';

export const SESSION = `query Session {
  viewer { subject displayName role units via }
  scorecard { ${UNIT_NODE} children { ${UNIT_NODE} children { ${UNIT_NODE} children { ${UNIT_NODE} } } } }
}`;

const QUALITY = 'quality { stale coverage quality }';

export const SCORECARD = `query Scorecard($unit: ID, $asOf: DateTime, $knownAt: DateTime) {
  scorecard(unit: $unit, asOf: $asOf, knownAt: $knownAt) {
    asOf knownAt modelVersion score status predictedStatus coverage
    unit { id name owner }
    delta { scoreDelta trend }
    children { unit { id name } score status coverage perspectives { id score status } }
    perspectives {
      id name weight score status predictedStatus coverage
      objectives {
        id name owner weight score status predictedStatus coverage
        kpis {
          id name unit value target toDateTarget phasing status score predictedStatus probability expected weight direction derived
          periodKey updatedAt ${QUALITY}
        }
      }
    }
  }
}`;

// $to and $knownAt end a past view's trends at its instant, as known then or corrected since
export const SPARKLINES = `query Sparklines($unit: ID, $from: DateTime, $to: DateTime, $knownAt: DateTime) {
  kpis(filter: { unit: $unit }, first: 200) {
    nodes { id accumulation history(from: $from, to: $to, knownAt: $knownAt) { periodKey end value } }
  }
}`;

const OBJECTIVE_STATUS = 'perspectives { objectives { id status } }';

export const STRATEGY_MAP = `query StrategyMap($unit: ID, $asOf: DateTime) {
  statuses: scorecard(unit: $unit, asOf: $asOf) {
    ${OBJECTIVE_STATUS} children { ${OBJECTIVE_STATUS} children { ${OBJECTIVE_STATUS} children { ${OBJECTIVE_STATUS} } } }
  }
  strategyMap(unit: $unit) {
    timeZone
    objectives { id name perspective unit kpis }
    links {
      from to polarity hypothesis hypothesisedLag hypothesisedLagMs measuredLagMs strength pValue significant points
    }
  }
}`;

/** The model's time zone: its days are the page's (the "As of" picker, the periods, the times written). */
export const MODEL_TIME_ZONE = `query ModelTimeZone { strategyMap { timeZone } }`;

// $to and $knownAt bound the history of a past instant as known then; without them it is today's, as corrected now
export const KPI_DETAIL = `query KpiDetail($id: ID!, $from: DateTime, $to: DateTime, $knownAt: DateTime) {
  kpi(id: $id) {
    id name description unit direction accumulation value target toDateTarget phasing score status reportingPeriod periodKey owner
    formula updatedAt
    ${QUALITY}
    history(from: $from, to: $to, knownAt: $knownAt) { periodKey start end value }
    forecast {
      method interval computedAt provisional provisionalReason
      points { time mean lower80 upper80 lower95 upper95 }
      periodEnd { periodKey expected lower80 upper80 target probabilityOfMeetingTarget }
    }
  }
}`;

/** The stored anomalies of one KPI in a range (newest first): the chart's marks survive a reload. */
export const KPI_ANOMALIES = `query KpiAnomalies($id: ID!, $from: DateTime!, $to: DateTime!) {
  anomalies(from: $from, to: $to, kpiIds: [$id]) { kind kpiId signalId at score value planned }
}`;

const ALERT_PAGE = `totalCount
    nodes { id rule severity status message kpiId unitId raisedAt acknowledgedAt acknowledgedBy }`;

/** The unresolved alerts by status: resolved ones newer than them must not crowd them out of a page. */
export const ALERTS = `query Alerts($unit: ID) {
  open: alerts(first: 50, unit: $unit, status: open) { ${ALERT_PAGE} }
  acknowledged: alerts(first: 50, unit: $unit, status: acknowledged) { ${ALERT_PAGE} }
}`;

export const ACKNOWLEDGE_ALERT = `mutation AcknowledgeAlert($id: ID!) {
  acknowledgeAlert(id: $id) { id status acknowledgedAt acknowledgedBy }
}`;

export const KPI_UPDATED = `subscription KpiUpdated($ids: [ID!]) {
  kpiUpdated(ids: $ids) { kpiId unitId periodKey value asOf origin ${QUALITY} }
}`;

export const SCORECARD_CHANGED = `subscription ScorecardChanged($unit: ID!) {
  scorecardChanged(unit: $unit) { unitId kpiId at }
}`;

export const ANOMALY_DETECTED = `subscription AnomalyDetected {
  anomalyDetected { kind kpiId signalId at score value planned }
}`;

export const ALERT_RAISED = `subscription AlertRaised {
  alertRaised { alertId unitId kpiId severity message rule at }
}`;
