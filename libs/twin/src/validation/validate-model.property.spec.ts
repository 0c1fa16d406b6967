import fc from 'fast-check';
import { TwinModelBuilder } from '../testing/twin-model.builder';
import { validateModel } from './validate-model';

// Every place a user can write something wrong, from the top level down into sources and formulas.
const PATHS = [
  'apiVersion',
  'calendar',
  'units',
  'units[0]',
  'units[1].parent',
  'perspectives',
  'objectives[0]',
  'objectives[0].kpis',
  'objectives[0].kpis[0]',
  'objectives[1].kpis[0]',
  'links[0]',
  'links[0].lag',
  'kpis[0]',
  'kpis[0].formula',
  'kpis[1].targets',
  'kpis[1].thresholds',
  'kpis[1].band',
  'kpis[1].range',
  'processes[0].parent',
  'assets[0].process',
  'edges',
  'opcuaServers[0]',
  'signals[0].source',
  'signals[0].source.opcua',
  'signals[1].source.mqtt.topic',
  'signals[2]',
  'initiatives[0].kpis',
  'initiatives[0].milestones',
];

describe(`${validateModel.name} (properties)`, () => {
  it('never throws and returns either a model or issues, whatever is written where', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.jsonValue()), { minLength: 1, maxLength: 3 }),
        (mutations) => {
          const builder = TwinModelBuilder.minimal();
          for (const [path, value] of mutations) trySet(builder, path, value);

          const { model, issues } = validateModel(builder.toDocument());

          expect(model === undefined).toBe(issues.length > 0);
          for (const issue of issues) expect(typeof issue.message).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A later mutation may aim below a value an earlier one replaced by a scalar: then it has nothing to change. */
function trySet(builder: TwinModelBuilder, path: string, value: unknown): void {
  try {
    builder.set(path, value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}
