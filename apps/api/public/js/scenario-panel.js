import { h, replace } from './dom.js';
import { formatNumber, formatShare } from './format.js';
import { nextMonday, startOfDay } from './time-zone.js';

export const WHAT_IF = `query WhatIf($scenario: ScenarioInput!) {
  whatIf(scenario: $scenario) {
    kpis { kpiId periodKey periodsAhead exactEffect statisticalEffect { mean lower80 upper80 } steadyStateEffect { mean }
      baseline { expected probabilityOfMeetingTarget } scenario { expected probabilityOfMeetingTarget }
      paths { kind via } termsPeriodKey approximate }
    linksUsed linksExcluded unavailable { kpiId periodsAhead }
  }
}`;

const DRIVER_KPIS = `query ScenarioDrivers { kpis(first: 100) { nodes { id name } } }`;

const DEBOUNCE_MS = 300;
const DRAWS = 500;
const SLIDER_SPANS = {
  absolute: { min: -20, max: 20, step: 0.5 },
  relative: { min: -0.5, max: 0.5, step: 0.01 },
};

/**
 * What if: pick a KPI of the map as the driver, drag its change, and see every KPI it moves (exactly through
 * formulas, statistically through measured links) with its probability of meeting target before and after, in
 * the current period of each KPI and, if chosen, the next ones.
 */
export function mountScenarioPanel(root, { map, request }) {
  const { timeZone } = map;
  const onMap = [...new Set(map.objectives.flatMap((o) => o.kpis))].sort();
  if (onMap.length === 0) return;
  const driver = h(
    'select',
    { id: 'scenario-driver', 'aria-label': 'Driver KPI' },
    onMap.map((id) => h('option', { value: id }, id)),
  );
  // any KPI the caller sees can drive (line KPIs feed the map's KPIs through formulas without sitting on it)
  request(DRIVER_KPIS, {})
    .then(({ kpis }) => replace(driver, ...kpis.nodes.map((k) => h('option', { value: k.id }, `${k.name} (${k.id})`))))
    .catch(() => undefined);
  const change = h(
    'select',
    { id: 'scenario-change', 'aria-label': 'Kind of change' },
    h('option', { value: 'absolute' }, 'by (absolute)'),
    h('option', { value: 'relative' }, 'by (relative, 0.05 = 5 %)'),
  );
  const slider = h('input', { id: 'scenario-value', type: 'range', value: 0, 'aria-label': 'Change' });
  const number = h('input', {
    id: 'scenario-number',
    type: 'number',
    step: 'any',
    value: 0,
    'aria-label': 'Change value',
  });
  const from = h('input', {
    id: 'scenario-from',
    type: 'date',
    value: nextMonday(Date.now(), timeZone),
    'aria-label': 'From',
  });
  // empty: the change lasts
  const until = h('input', { id: 'scenario-until', type: 'date', 'aria-label': 'Until (optional)' });
  // each KPI in its own period: a change from next week shows nothing in a period that ends this week
  const horizon = h(
    'select',
    { id: 'scenario-horizon', 'aria-label': 'Periods shown' },
    h('option', { value: '1' }, 'this period'),
    h('option', { value: '2' }, 'this and the next period'),
    h('option', { value: '3' }, 'this and the next two periods'),
  );
  const out = h(
    'div',
    { class: 'scenario-result', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Move the change to see its effects.'),
  );
  let timer = null;
  let seq = 0;
  const run = async () => {
    const value = Number(number.value);
    if (!Number.isFinite(value) || value === 0) return;
    const token = ++seq;
    const scenario = {
      drivers: [
        {
          kind: 'kpi',
          id: driver.value,
          change: change.value,
          value,
          from: new Date(startOfDay(from.value, timeZone)).toISOString(),
          ...(until.value ? { until: new Date(startOfDay(until.value, timeZone)).toISOString() } : {}),
        },
      ],
      draws: DRAWS,
      horizonPeriods: Number(horizon.value),
    };
    try {
      const { whatIf } = await request(WHAT_IF, { scenario });
      if (token === seq) replace(out, resultTable(whatIf), ...notes(whatIf));
    } catch (error) {
      if (token === seq) replace(out, h('p', { class: 'muted' }, `No result: ${error.message ?? error}`));
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), DEBOUNCE_MS);
  };
  slider.addEventListener('input', () => {
    number.value = slider.value;
    schedule();
  });
  // a relative change is a share (0.05 = +5 %): the absolute span of ±20 would be ±2000 % there
  const spanSlider = () => {
    Object.assign(slider, SLIDER_SPANS[change.value] ?? SLIDER_SPANS.absolute);
    slider.value = number.value;
  };
  spanSlider();
  change.addEventListener('change', spanSlider);
  for (const el of [number, driver, change, from, until, horizon]) el.addEventListener('change', schedule);
  root.append(
    h(
      'section',
      { class: 'scenario-panel', 'aria-labelledby': 'scenario-title' },
      h('h3', { id: 'scenario-title' }, 'What if'),
      h(
        'p',
        { class: 'scenario-form' },
        'Change ',
        driver,
        ' ',
        change,
        ' ',
        slider,
        ' ',
        number,
        ' from ',
        from,
        ' until ',
        until,
        ' showing ',
        horizon,
      ),
      out,
    ),
  );
}

function resultTable(whatIf) {
  if (whatIf.kpis.length === 0) return h('p', { class: 'muted' }, 'Nothing moves.');
  const rows = whatIf.kpis.map((k) =>
    h(
      'tr',
      { 'data-kpi-id': k.kpiId, 'data-periods-ahead': String(k.periodsAhead) },
      h('td', {}, k.kpiId),
      h('td', { 'data-cell': 'period' }, k.periodKey),
      h('td', { class: 'num', 'data-cell': 'exact' }, signed(k.exactEffect)),
      h(
        'td',
        { class: 'num', 'data-cell': 'statistical' },
        `${signed(k.statisticalEffect.mean)} [${formatNumber(k.statisticalEffect.lower80)}, ${formatNumber(k.statisticalEffect.upper80)}]`,
      ),
      h('td', { class: 'num' }, signed(k.steadyStateEffect.mean)),
      h('td', { class: 'num' }, `${formatNumber(k.baseline.expected)} → ${formatNumber(k.scenario.expected)}`),
      h(
        'td',
        { class: 'num', 'data-cell': 'probability' },
        `${formatShare(k.baseline.probabilityOfMeetingTarget)} → ${formatShare(k.scenario.probabilityOfMeetingTarget)}`,
      ),
      h('td', {}, k.paths.map((p) => `${p.kind}: ${p.via.join(' → ')}`).join('; ')),
    ),
  );
  // wide: it scrolls in its own box on a phone
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'scenario-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['KPI', 'period', 'exact', 'via links (80 %)', 'steady state', 'period end', 'P(target)', 'path'].map((t) =>
            h('th', {}, t),
          ),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

/**
 * What the table cannot show as computed: KPIs without a later forecast, later periods using today's mix, exact
 * effects through an input read to date where its value there is not known.
 */
function notes(whatIf) {
  const out = [];
  if (whatIf.unavailable.length > 0) {
    const names = whatIf.unavailable.map((u) => `${u.kpiId} (+${u.periodsAhead})`).join(', ');
    out.push(h('p', { class: 'muted', 'data-note': 'unavailable' }, `No forecast for a later period: ${names}.`));
  }
  const borrowed = whatIf.kpis.filter((k) => k.termsPeriodKey && k.termsPeriodKey !== k.periodKey);
  if (borrowed.length > 0) {
    const names = borrowed.map((k) => `${k.kpiId} ${k.periodKey} (with ${k.termsPeriodKey}'s)`).join(', ');
    out.push(h('p', { class: 'muted', 'data-note': 'terms' }, `Formula inputs not projected: ${names}.`));
  }
  const approximate = whatIf.kpis.filter((k) => k.approximate);
  if (approximate.length > 0) {
    const names = approximate.map((k) => `${k.kpiId} ${k.periodKey} (${k.approximate})`).join('; ');
    out.push(h('p', { class: 'muted', 'data-note': 'approximate' }, `Exact effect approximate: ${names}.`));
  }
  return out;
}

const signed = (v) => (v === 0 ? '0' : `${v > 0 ? '+' : ''}${formatNumber(v)}`);
