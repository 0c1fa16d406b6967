import { TwinModelBuilder, type TwinModel } from '@bsc/twin';

/**
 * Plants north and south under acme, each with a line whose signals arrive over MQTT (one topic of its own, one
 * wildcard topic selecting its plant's segment), Sparkplug (an edge node of its own) and OPC UA (a server of its
 * own); and one MQTT topic both plants' signals read.
 */
export function twoPlantsModel(): TwinModel {
  const plant = (id: 'north' | 'south') => [
    { id: `${id}.speed`, measures: `${id}.line`, source: { mqtt: { topic: `plant/${id}/line`, jsonPath: '$.v' } } },
    {
      id: `${id}.cell`,
      measures: `${id}.line`,
      source: { mqtt: { topic: 'plant/+site/cell', jsonPath: '$.v', segments: { site: id } } },
    },
    {
      id: `${id}.press`,
      measures: `${id}.line`,
      source: { sparkplug: { group: 'g', edgeNode: `${id}-edge`, device: 'press', metric: 'p' } },
    },
    { id: `${id}.temp`, measures: `${id}.line`, source: { opcua: { server: `${id}-opc`, nodeId: 'ns=1;s=T' } } },
    { id: `${id}.shared`, measures: `${id}.line`, source: { mqtt: { topic: 'plant/shared', jsonPath: `$.${id}` } } },
  ];
  return TwinModelBuilder.model('two-plants')
    .unit('acme')
    .unit('plant-north', 'acme')
    .unit('plant-south', 'acme')
    .with((doc) => {
      doc.processes = [
        { id: 'north.line', name: 'North line', unit: 'plant-north' },
        { id: 'south.line', name: 'South line', unit: 'plant-south' },
      ];
      doc.opcuaServers = [
        { id: 'north-opc', endpoint: 'opc.tcp://north-plc:4840' },
        { id: 'south-opc', endpoint: 'opc.tcp://south-plc:4840' },
      ];
    })
    .signal(...plant('north'), ...plant('south'))
    .buildValid();
}
