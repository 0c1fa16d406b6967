/** GraphQL the golden scenario asks, and the shapes it reads back. */
export interface KpiRow {
  id: string;
  value: number | null;
  target: number | null;
  toDateTarget: number | null;
  phasing: string;
  status: string;
  score: number | null;
  expected?: number | null;
  predictedStatus?: string | null;
}

export interface Summary {
  score: number | null;
  status: string;
}

export interface CardPerspective extends Summary {
  id: string;
  objectives: Array<Summary & { id: string; kpis: KpiRow[] }>;
}

export interface Card extends Summary {
  unit: { id: string };
  asOf: string;
  knownAt: string | null;
  perspectives: CardPerspective[];
  children: Card[];
}

const KPI_FIELDS = 'id value target toDateTarget phasing status score';
const CARD_FIELDS = (kpi: string) =>
  `unit { id } asOf knownAt score status perspectives { id score status objectives { id score status kpis { ${kpi} } } }`;

export const SCORECARD = `query($asOf: DateTime, $knownAt: DateTime) {
  scorecard(unit: "plant", asOf: $asOf, knownAt: $knownAt) {
    ${CARD_FIELDS(KPI_FIELDS)} children { ${CARD_FIELDS(KPI_FIELDS)} }
  }
}`;

export const LIVE_SCORECARD = `{
  scorecard(unit: "plant") {
    ${CARD_FIELDS(`${KPI_FIELDS} expected predictedStatus`)} children { ${CARD_FIELDS(`${KPI_FIELDS} expected predictedStatus`)} }
  }
}`;

export const FORECAST = `query($id: ID!) {
  kpi(id: $id) { id accumulation forecast { periodEnd { expected target periodKey } points { time mean } } }
}`;

export interface ForecastAnswer {
  kpi: {
    id: string;
    accumulation: string;
    forecast: {
      periodEnd: { expected: number; target: number | null; periodKey: string } | null;
      points: Array<{ time: string; mean: number }>;
    } | null;
  };
}

/** Every card of the tree (the unit and its children), by unit id. */
export function cardsByUnit(root: Card): Map<string, Card> {
  const out = new Map<string, Card>();
  const visit = (card: Card) => {
    out.set(card.unit.id, card);
    (card.children ?? []).forEach(visit);
  };
  visit(root);
  return out;
}

/** A KPI as shown on the scorecard of its own unit. */
export function kpiOf(root: Card, kpiId: string): KpiRow {
  for (const card of cardsByUnit(root).values()) {
    for (const p of card.perspectives)
      for (const o of p.objectives) for (const k of o.kpis) if (k.id === kpiId) return k;
  }
  throw new Error(`no KPI ${kpiId} on the scorecard`);
}

export function perspectiveOf(card: Card, id: string): CardPerspective {
  const found = card.perspectives.find((p) => p.id === id);
  if (!found) throw new Error(`no perspective ${id} on ${card.unit.id}`);
  return found;
}
