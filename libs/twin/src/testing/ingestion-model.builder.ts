import type { TwinModel } from '../model/twin-model.types';
import { TwinModelBuilder } from './twin-model.builder';

/**
 * A small valid twin with one signal per ingestion path: MQTT JSON (two signals on one topic, one with unit
 * conversion), a wildcard topic, Sparkplug B, and HTTP. Topics can be prefixed so test runs do not collide.
 */
export function ingestionTestModel(prefix = 'test', sparkplugGroup = 'acme'): TwinModel {
  return TwinModelBuilder.minimal()
    .set('signals[1].source', {
      mqtt: { topic: `${prefix}/line1`, jsonPath: '$.scrap', timestampPath: '$.ts', qualityPath: '$.q' },
    })
    .set('signals[1].dataType', 'int')
    .set('signals[1].range', { min: 0, max: 1000 })
    .push('signals', {
      id: 'line1.energy_kwh',
      name: 'Energy',
      measures: 'line1',
      unit: 'kWh',
      sourceUnit: 'Wh',
      dataType: 'double',
      range: { min: 0 },
      source: { mqtt: { topic: `${prefix}/line1`, jsonPath: '$.energy_wh', timestampPath: '$.ts' } },
    })
    .push('signals', {
      id: 'line1.temp',
      name: 'Temperature',
      measures: 'line1',
      unit: 'degC',
      dataType: 'double',
      range: { min: -50, max: 300 },
      deadband: { type: 'absolute', value: 0.5 },
      source: { mqtt: { topic: `${prefix}/+/temp`, jsonPath: '$.v' } },
    })
    .push('signals', {
      id: 'line1.vibration',
      name: 'Vibration',
      measures: 'line1.filler',
      unit: 'mm/s',
      dataType: 'double',
      range: { min: 0, max: 50 },
      source: { sparkplug: { group: sparkplugGroup, edgeNode: 'node1', device: 'dev1', metric: 'Vibration/RMS' } },
    })
    .push('signals', {
      id: 'line1.running',
      name: 'Running',
      measures: 'line1',
      unit: '',
      dataType: 'bool',
      source: { sparkplug: { group: sparkplugGroup, edgeNode: 'node1', metric: 'Running' } },
    })
    .push('signals', {
      id: 'crm.complaints',
      name: 'Complaints',
      unit: 'complaints',
      dataType: 'int',
      range: { min: 0 },
      source: 'http',
    })
    .buildValid();
}
