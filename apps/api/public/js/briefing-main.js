import { $, h, replace } from './dom.js';
import { renderCommentary } from './commentary-view.js';
import { drawForecastChart, forecastChartHost, kpiChartSpec } from './forecast-chart.js';
import { loadCredential } from './credentials.js';
import { comparisonText, formatDateTime, formatScore, formatShare, formatValue, isPhased, useTimeZone } from './format.js';
import { GraphqlClient } from './graphql-client.js';
import { asItStood } from './kpi-drawer.js';
import { initiativeCard } from './initiatives-view.js';
import { KPI_DETAIL, SCORECARD, STRATEGY_MAP } from './queries.js';
import { ScorecardView } from './scorecard-view.js';
import { statusPill } from './status.js';
import { INITIATIVES, PERIOD_COMMENTARY, namesOfInitiativeLinks } from './strategist-queries.js';
import { objectiveStatuses, renderStrategyMap } from './strategy-map-view.js';

// The briefing book: a unit's scorecard for a period on printable pages (the PDF export renders this page).
// ?unit=U&period=P&asOf=ISO; body[data-briefing-ready] tells the renderer that everything is drawn.
const HISTORY_DAYS = 400;
// A4 portrait between the renderer's 10 mm margins is 718 CSS px: charts drawn this wide print without scaling
const PRINT_CHART_WIDTH = 700;
const params = new URLSearchParams(window.location.search);
const endpoint = document.querySelector('meta[name="bsc-graphql-path"]')?.content || '/graphql';
const root = $('#briefing');

async function main() {
  const credential = loadCredential();
  if (!credential) throw new Error('Sign in on the dashboard first: the briefing book uses its credential.');
  const client = new GraphqlClient(endpoint, credential);
  const unit = params.get('unit');
  const asOf = params.get('asOf') || null;
  const [{ scorecard: card }, { periodCommentary }, initiativeData, map] = await Promise.all([
    client.request(SCORECARD, { unit, asOf }),
    client.request(PERIOD_COMMENTARY, { unit, asOf }),
    client.request(INITIATIVES, { unit, asOf }),
    client.request(STRATEGY_MAP, { unit, asOf }),
  ]);
  let timeZone = 'UTC';
  try {
    useTimeZone(map.strategyMap.timeZone);
    timeZone = map.strategyMap.timeZone;
  } catch {
    // a zone this browser's Intl does not know: times stay UTC, labelled so
  }
  const kpis = new Map(card.perspectives.flatMap((p) => p.objectives.flatMap((o) => o.kpis)).map((k) => [k.id, k]));
  const range = historyRange(asOf);
  const details = await Promise.all([...kpis.keys()].map((id) => client.request(KPI_DETAIL, { id, ...range })));
  const { initiatives } = initiativeData;
  const names = namesOfInitiativeLinks(initiativeData);

  const scorecardBox = h('div', { class: 'briefing-scorecard' });
  new ScorecardView(scorecardBox, { onOpenKpi: () => undefined, onSelectUnit: () => undefined }).render(card);
  const commentaryBox = h('div', {});
  renderCommentary(commentaryBox, { entries: periodCommentary, card, travelling: false });
  const charts = details.map(({ kpi }) => kpi && kpiChart(kpi, asOf ? kpis.get(kpi.id) : kpi, asOf)).filter(Boolean);
  const mapBox = h('div', { id: 'strategy-map' });
  replace(
    root,
    h(
      'header',
      {},
      h('h1', {}, `Briefing book · ${card.unit.name} · ${params.get('period') ?? card.perspectives[0]?.objectives[0]?.kpis[0]?.periodKey ?? ''}`),
      h('p', { class: 'muted' }, `Scorecard as of ${formatDateTime(card.asOf)} · model version ${card.modelVersion} · printed ${formatDateTime(new Date().toISOString())}`),
    ),
    h(
      'section',
      { class: 'briefing-summary' },
      h('h2', {}, 'Summary'),
      h('p', {}, `Score ${formatScore(card.score)}/10 `, statusPill(card.status), ` · coverage ${formatShare(card.coverage)}`),
      card.perspectives.map((p) => h('p', {}, `${p.name}: ${formatScore(p.score)}/10 `, statusPill(p.status))),
    ),
    h('section', { class: 'page' }, h('h2', {}, 'Perspectives'), scorecardBox),
    h('section', { class: 'page' }, h('h2', {}, asOf ? 'KPI charts (to the end of the period)' : 'KPI charts'), charts.map((c) => c.node)),
    h('section', { class: 'page' }, commentaryBox),
    h('section', { class: 'page' }, h('h2', {}, 'Initiatives'), initiatives.length ? initiatives.map((i) => initiativeCard(i, { names, now: asOf ? Date.parse(asOf) : Date.now(), timeZone })) : h('p', { class: 'muted' }, 'No initiatives.')),
    h('section', { class: 'page' }, h('h2', {}, 'Strategy map'), mapBox),
  );
  for (const c of charts) drawForecastChart(c.host, c.spec, { width: PRINT_CHART_WIDTH });
  renderStrategyMap(mapBox, { map: map.strategyMap, perspectives: card.perspectives, statusByObjective: objectiveStatuses(map.statuses) });
}

/**
 * History of a chart: a past period's book reads it up to asOf as known then, as its scorecard is; a current one
 * reads today's, as corrected now.
 */
function historyRange(asOf) {
  const end = asOf ? Date.parse(asOf) : Date.now();
  const from = new Date(end - HISTORY_DAYS * 86_400_000).toISOString();
  return asOf ? { from, to: asOf, knownAt: asOf } : { from };
}

/**
 * A KPI's chart, drawn as the drawer draws it. A past period's book ends at asOf: the KPI as it stood then (the book's
 * own scorecard figures, `figures`, as kpi(id) answers for today's period), its history up to then, no forecast.
 */
function kpiChart(kpi, figures, asOf) {
  const now = asOf ? Date.parse(asOf) : Date.now();
  const shown = asOf ? asItStood(kpi, { asOf, figures }) : kpi;
  const end = shown.forecast?.periodEnd;
  const host = forecastChartHost(`${kpi.name}: history, ${isPhased(shown) ? 'planned to date, ' : ''}forecast and 80/95 % bands`);
  const node = h(
    'article',
    { class: 'kpi-chart', 'data-kpi-id': kpi.id },
    // compared as the table row and the drawer compare it: a phased target to date
    h('h3', {}, `${kpi.name} — ${comparisonText(shown)} `, statusPill(shown.status)),
    host,
    end ? h('p', { class: 'muted' }, `Period end ${end.periodKey}: ${formatValue(end.expected, kpi.unit)} expected (80 %: ${formatValue(end.lower80, kpi.unit)} – ${formatValue(end.upper80, kpi.unit)}), probability of meeting target ${formatShare(end.probabilityOfMeetingTarget)}`) : null,
  );
  return { node, host, spec: kpiChartSpec(shown, now) };
}

main().then(
  () => (document.body.dataset.briefingReady = 'true'),
  (error) => {
    replace(root, h('div', { class: 'error-panel' }, h('h2', {}, 'The briefing book cannot be shown'), h('p', {}, error.message)));
    document.body.dataset.briefingError = error.message;
  },
);
