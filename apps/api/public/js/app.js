import { $, h } from './dom.js';
import { AlertsView } from './alerts-view.js';
import { followToday } from './as-of-picker.js';
import { KpiDrawer } from './kpi-drawer.js';
import { LiveClient } from './live-client.js';
import { useTimeZone } from './format.js';
import { ACKNOWLEDGE_ALERT, ALERTS, ALERT_RAISED, ANOMALY_DETECTED, KPI_UPDATED, MODEL_TIME_ZONE, SCORECARD, SCORECARD_CHANGED, SPARKLINES, STRATEGY_MAP } from './queries.js';
import { ScorecardView } from './scorecard-view.js';
import { StrategistWork } from './strategist-work.js';
import { objectiveStatuses, renderStrategyMap } from './strategy-map-view.js';
import { bindTabs } from './tabs.js';
import { endOfDay } from './time-zone.js';
import { flattenUnits, followUnitStatuses, renderUnitOptions } from './unit-selector.js';
import { WorkspaceViews } from './workspace-views.js';

// marks kept per KPI for the drawer's chart: enough for a burst, bounded for a page left open for days
const MAX_ANOMALY_MARKS = 50;
// a burst of KPI updates (one per computed KPI) becomes one scorecard re-fetch; a steady stream one per interval
const REFETCH_INTERVAL_MS = 800;
// trends move slowly (one point per period): re-read them at most this often
const SPARK_REFRESH_MS = 30_000;
const SPARK_DAYS = 400;
// alerts are also resolved and escalated without an event the page subscribes to
const ALERTS_REFRESH_MS = 60_000;
const LIVE_LABELS = { connecting: 'connecting…', live: 'live', offline: 'reconnecting…', refused: 'refused' };

/** The signed-in dashboard: one instance per session; `onAuthLost(message)` hands back to the sign-in form. */
export class DashboardApp {
  constructor({ client, endpoint, session, onAuthLost, notify }) {
    this.client = client;
    this.onAuthLost = onAuthLost;
    this.notify = notify;
    this.viewer = session.viewer;
    this.units = flattenUnits(session.scorecard);
    this.unitId = this.initialUnit();
    this.perspectives = [];
    this.asOf = null;
    this.knownAt = null;
    this.timeZone = 'UTC';
    this.view = new ScorecardView($('#scorecard'), { onOpenKpi: (id) => this.drawer.open(id), onSelectUnit: (id) => this.selectUnit(id) });
    this.work = new StrategistWork(this, { role: this.viewer.role, credential: client.credential });
    this.drawer = new KpiDrawer($('#kpi-drawer'), {
      request: (q, v) => this.request(q, v),
      onError: (e) => this.fail(e),
      extend: (kpiId) => this.work.drawerPanel(kpiId),
      anomalies: (kpiId) => this.anomalies.get(kpiId) ?? [],
      pastView: (kpiId) => this.pastView(kpiId),
    });
    /** Anomalies seen since the page opened, per KPI (the newest few): marks on the drawer's chart. */
    this.anomalies = new Map();
    this.alerts = new AlertsView($('#alerts'), {
      role: this.viewer.role,
      onAcknowledge: (id) => this.acknowledge(id),
      onOpenKpi: (id) => this.drawer.open(id),
    });
    this.disposers = [];
    this.workspace = new WorkspaceViews({ request: (q, v) => this.request(q, v), onError: (e, context) => this.fail(e, context) });
    if (window.graphqlWs) this.live = new LiveClient(endpoint, client.credential, (state, resumed) => this.liveState(state, resumed));
    else notify('Live updates are unavailable (graphql-ws did not load); the page shows a snapshot.');
  }

  async start() {
    $('#viewer').textContent = `${this.viewer.displayName ?? this.viewer.subject} (${this.viewer.role})`;
    const select = $('#unit-select');
    renderUnitOptions(select, this.units, this.unitId);
    select.onchange = () => this.selectUnit(select.value);
    if (!(await this.loadTimeZone())) return; // signed out meanwhile
    const asOf = $('#as-of');
    this.disposers.push(followToday(asOf, this.timeZone));
    asOf.value = '';
    asOf.onchange = () => this.travelTo(asOf.value);
    const corrected = $('#as-corrected');
    corrected.checked = false;
    corrected.onchange = () => this.travelTo(asOf.value);
    bindTabs((tab) => this.showTab(tab));
    window.onhashchange = () => this.selectUnit(this.initialUnit());
    if (this.live) {
      this.disposers.push(this.live.subscribe(ALERT_RAISED, {}, (d) => this.loadAlerts(d.alertRaised.alertId), (e) => this.liveError(e)));
      this.disposers.push(this.live.subscribe(ANOMALY_DETECTED, {}, (d) => this.recordAnomaly(d.anomalyDetected), (e) => this.liveError(e)));
    }
    this.alertsTimer = setInterval(() => void this.loadAlerts(), ALERTS_REFRESH_MS);
    await Promise.all([this.loadUnit(), this.loadAlerts()]);
  }

  stop() {
    for (const dispose of this.disposers) dispose();
    this.unsubscribeUnit?.();
    this.unsubscribeKpis?.();
    this.live?.dispose();
    clearTimeout(this.refetchTimer);
    this.refetchTimer = null;
    clearInterval(this.alertsTimer);
    this.workspace.stop();
    window.onhashchange = null;
    $('#kpi-drawer').hidden = true;
    document.body.classList.remove('time-travel');
  }

  recordAnomaly(anomaly) {
    const list = this.anomalies.get(anomaly.kpiId) ?? [];
    list.push({ ...anomaly, time: Date.parse(anomaly.at) });
    this.anomalies.set(anomaly.kpiId, list.slice(-MAX_ANOMALY_MARKS));
  }

  initialUnit() {
    const wanted = new URLSearchParams(window.location.hash.slice(1)).get('unit');
    return this.units.some((u) => u.id === wanted) ? wanted : this.units[0].id;
  }

  async selectUnit(unitId) {
    if (unitId === this.unitId) return;
    this.unitId = unitId;
    $('#unit-select').value = unitId;
    history.replaceState(null, '', `#unit=${encodeURIComponent(unitId)}`);
    await Promise.all([this.loadUnit(), this.loadAlerts()]);
  }

  /**
   * '' = live; 'YYYY-MM-DD' = the scorecard as it stood at the end of that day in the model's time zone, live updates
   * paused: as known then, or with the corrections received since when "with later corrections" is ticked.
   */
  async travelTo(day) {
    this.asOf = day ? new Date(endOfDay(day, this.timeZone)).toISOString() : null;
    const corrected = $('#as-corrected');
    corrected.disabled = !this.asOf;
    this.knownAt = this.asOf && corrected.checked ? new Date().toISOString() : null;
    document.body.classList.toggle('time-travel', Boolean(this.asOf));
    await this.loadScorecard();
    void this.loadSparklines();
    if (!$('#panel-map').hidden) await this.loadStrategyMap();
    if (!$('#panel-initiatives').hidden) await this.work.loadInitiatives();
  }

  /** The time-travel view for the drawer: its instant, as known then or corrected since, and the KPI's past figures. */
  pastView(kpiId) {
    if (!this.asOf) return null;
    const figures = this.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.kpis)).find((k) => k.id === kpiId);
    return { asOf: this.asOf, knownAt: this.knownAt ?? this.asOf, figures: figures ?? null };
  }

  async loadUnit() {
    this.unsubscribeUnit?.();
    if (this.live) {
      this.unsubscribeUnit = this.live.subscribe(SCORECARD_CHANGED, { unit: this.unitId }, () => !this.asOf && this.scheduleRefetch(), (e) => this.liveError(e));
    }
    await this.loadScorecard();
    void this.loadSparklines();
    if (!$('#panel-map').hidden) await this.loadStrategyMap();
    if (!$('#panel-initiatives').hidden) await this.work.loadInitiatives();
  }

  /** Days are the model's (a UTC day ends an hour into the next quarter in Berlin); UTC when it is unknown. */
  async loadTimeZone() {
    try {
      const { timeZone } = (await this.request(MODEL_TIME_ZONE)).strategyMap;
      useTimeZone(timeZone); // throws on a zone this browser's Intl does not know
      this.timeZone = timeZone;
    } catch (error) {
      this.fail(error, "The model's time zone is unknown, days and times are UTC");
      if (error?.name === 'AuthError') return false;
    }
    return true;
  }

  async loadScorecard() {
    const seq = (this.scorecardSeq = (this.scorecardSeq ?? 0) + 1);
    const variables = { unit: this.unitId, asOf: this.asOf };
    if (this.knownAt) variables.knownAt = this.knownAt;
    const shows = JSON.stringify(variables);
    try {
      const { scorecard } = await this.request(SCORECARD, variables);
      if (seq !== this.scorecardSeq) return; // a newer request (or another unit) answers instead
      this.shown = shows;
      this.perspectives = scorecard.perspectives;
      this.followKpis(scorecard.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.kpis.map((k) => k.id))));
      this.view.render(scorecard);
      // the picker names each unit's live status: a past day's must not replace it
      if (!this.asOf && followUnitStatuses(this.units, scorecard)) renderUnitOptions($('#unit-select'), this.units, this.unitId);
      void this.work.afterScorecard(scorecard);
      document.title = `${scorecard.unit.name} · Balanced Scorecard`;
    } catch (error) {
      if (seq !== this.scorecardSeq) return;
      this.fail(error);
      // a failed re-fetch keeps the card on screen; another unit's or day's card (or none yet) must not stay
      if (error?.name !== 'AuthError' && this.shown !== shows) $('#scorecard').replaceChildren(errorPanel(this.describe(error)));
    }
  }

  /** kpiUpdated for the KPIs on screen only; re-subscribes when that set changes. */
  followKpis(ids) {
    if (!this.live) return;
    const key = [...new Set(ids)].sort().join(',');
    if (key === this.followedKpis) return;
    this.followedKpis = key;
    this.unsubscribeKpis?.();
    this.unsubscribeKpis = key
      ? this.live.subscribe(KPI_UPDATED, { ids: key.split(',') }, (d) => !this.asOf && this.view.applyUpdate(d.kpiUpdated), (e) => this.liveError(e))
      : null;
  }

  /** A past view's trends end at its instant, as known then or corrected since, as its scorecard's figures. */
  async loadSparklines() {
    const seq = (this.sparksSeq = (this.sparksSeq ?? 0) + 1);
    this.sparksLoadedAt = Date.now();
    const at = this.asOf ? Date.parse(this.asOf) : Date.now();
    const range = this.asOf ? { to: this.asOf, knownAt: this.knownAt ?? this.asOf } : {};
    try {
      const { kpis } = await this.request(SPARKLINES, { unit: this.unitId, from: new Date(at - SPARK_DAYS * 86_400_000).toISOString(), ...range });
      // the as-of instant is the last ms of its day: a period ending at the next midnight is complete then
      if (seq === this.sparksSeq) this.view.setSparklines(kpis.nodes, this.asOf ? at + 1 : at);
    } catch (error) {
      this.fail(error, 'Trends are unavailable');
    }
  }

  async loadStrategyMap() {
    try {
      const { strategyMap, statuses } = await this.request(STRATEGY_MAP, { unit: this.unitId, asOf: this.asOf });
      renderStrategyMap($('#strategy-map'), { map: strategyMap, perspectives: this.perspectives, statusByObjective: objectiveStatuses(statuses), request: (q, v) => this.request(q, v) });
    } catch (error) {
      this.fail(error, 'The strategy map is unavailable');
    }
  }

  async loadAlerts(highlightId) {
    try {
      const unit = this.unitId;
      const unresolved = await this.request(ALERTS, { unit });
      if (unit !== this.unitId) return; // the unit changed meanwhile: its own request answers
      this.alerts.render(unresolved, highlightId);
    } catch (error) {
      this.fail(error, 'Alerts are unavailable');
    }
  }

  async acknowledge(id) {
    try {
      await this.request(ACKNOWLEDGE_ALERT, { id });
      await this.loadAlerts();
    } catch (error) {
      this.fail(error, 'Could not acknowledge the alert');
      throw error;
    }
  }

  /** Throttled, not debounced: a steady stream of changes must not postpone the re-fetch forever. */
  scheduleRefetch() {
    if (this.refetchTimer) return;
    this.refetchTimer = setTimeout(async () => {
      this.refetchTimer = null;
      await this.loadScorecard();
      if (Date.now() - (this.sparksLoadedAt ?? 0) >= SPARK_REFRESH_MS) await this.loadSparklines();
    }, REFETCH_INTERVAL_MS);
  }

  /** A tab shown: its panel's data is read then (the map, the initiatives, the workspace's views). */
  showTab(tab) {
    if (tab.id === 'tab-map') void this.loadStrategyMap();
    if (tab.id === 'tab-initiatives') void this.work.loadInitiatives();
    this.workspace.show(tab.id);
  }

  /** resumed: connected again after a drop; what changed meanwhile came with no event, so it is read again. */
  liveState(state, resumed = false) {
    if (state === 'live' && resumed) {
      if (!this.asOf) this.scheduleRefetch();
      void this.loadAlerts();
    }
    const el = $('#live-status');
    el.textContent = LIVE_LABELS[state] ?? state;
    el.className = `live live-${state}`;
    if (state === 'refused') this.onAuthLost('The live connection was refused: the API key or JWT is no longer valid.');
  }

  liveError(error) {
    this.notify(`Live update failed: ${error?.message ?? error}`);
  }

  request(query, variables) {
    return this.client.request(query, variables);
  }

  fail(error, context) {
    if (error?.name === 'AuthError') return this.onAuthLost(`Signed out: ${error.message}`);
    const text = this.describe(error);
    this.notify(context ? `${context}: ${text}` : text);
  }

  describe(error) {
    return error?.code === 'FORBIDDEN' ? `Not allowed for your role (${this.viewer.role}): ${error.message}` : error?.message ?? String(error);
  }
}

/** Shown in place of the scorecard when even the first request fails for a reason other than auth. */
export function errorPanel(message) {
  return h('div', { class: 'error-panel' }, h('h2', {}, 'The scorecard cannot be shown'), h('p', {}, message));
}
