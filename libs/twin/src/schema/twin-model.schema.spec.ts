import {
  EDGE_TYPES,
  INITIATIVE_STATUSES,
  KPI_AGGREGATIONS,
  KPI_DIRECTIONS,
  REPORTING_PERIODS,
  ROLLUP_RULES,
  SIGNAL_DATA_TYPES,
  type TwinModel,
} from '../model/twin-model.types';
import { TWIN_MODEL_JSON_SCHEMA, validateStructure } from './schema-validator';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  enum?: readonly string[];
  else?: SchemaNode;
}

const schema = TWIN_MODEL_JSON_SCHEMA as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };
const prop = (definition: string, field: string): SchemaNode => schema.definitions[definition].properties![field];

// The schema is hand-written JSON: these checks catch drift from the TypeScript contract.
describe('twin model JSON Schema', () => {
  it('has exactly the top-level sections of TwinModel', () => {
    const sections: Record<keyof TwinModel, true> = {
      apiVersion: true,
      id: true,
      name: true,
      description: true,
      calendar: true,
      units: true,
      perspectives: true,
      objectives: true,
      links: true,
      kpis: true,
      processes: true,
      assets: true,
      edges: true,
      opcuaServers: true,
      signals: true,
      initiatives: true,
    };

    expect(Object.keys(schema.properties!).sort()).toEqual(Object.keys(sections).sort());
  });

  it.each<[string, string, string, readonly string[]]>([
    ['KPI directions', 'kpi', 'direction', KPI_DIRECTIONS],
    ['KPI aggregations', 'kpi', 'aggregation', KPI_AGGREGATIONS],
    ['reporting periods', 'kpi', 'period', REPORTING_PERIODS],
    ['roll-up rules', 'kpi', 'rollup', ROLLUP_RULES],
    ['signal data types', 'signal', 'dataType', SIGNAL_DATA_TYPES],
    ['edge types', 'edge', 'type', EDGE_TYPES],
    ['initiative statuses', 'initiative', 'status', INITIATIVE_STATUSES],
  ])('lists the same %s as the types', (_name, definition, field, values) => {
    expect(prop(definition, field).enum).toEqual(values);
  });

  it('offers every source kind of SignalSourceDef', () => {
    const kinds = Object.keys(schema.definitions.signalSource.else!.properties!);

    expect(kinds.sort()).toEqual(['http', 'manual', 'mqtt', 'opcua', 'sparkplug']);
  });

  it.each([
    ['a unit', { units: [{ id: '__proto__', name: 'P' }] }, 'units[0].id'],
    ['a unit', { units: [{ id: 'constructor', name: 'C' }] }, 'units[0].id'],
    ['a KPI segment', { kpis: [{ id: 'line1.prototype' }] }, 'kpis[0].id'],
  ])('refuses an id that names object internals in %s', (_case, section, path) => {
    const issues = validateStructure({ apiVersion: 'bsc.twin/v1', id: 'x', name: 'X', ...section });
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it('accepts ids that merely contain those words', () => {
    expect(
      validateStructure({
        apiVersion: 'bsc.twin/v1',
        id: 'x',
        name: 'X',
        units: [{ id: 'prototype_line', name: 'P' }],
      }),
    ).toEqual([]);
  });

  it('accepts the smallest model', () => {
    expect(validateStructure({ apiVersion: 'bsc.twin/v1', id: 'x', name: 'X' })).toEqual([]);
  });
});
