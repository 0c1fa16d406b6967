import type { SimulatedVariableSpec } from '../transports/simulator-opcua-server';

/** How a demo signal leaves the simulator: the transport the demo model binds it to. */
export type SignalRoute =
  | { transport: 'opcua'; identifier: string; dataType: SimulatedVariableSpec['dataType'] }
  | { transport: 'mqtt'; topic: string; field: string }
  | { transport: 'sparkplug'; metric: string }
  | { transport: 'intake' };

const opc = (identifier: string, dataType: SimulatedVariableSpec['dataType'] = 'Double'): SignalRoute => ({
  transport: 'opcua',
  identifier,
  dataType,
});
const mqtt = (topic: string, field: string): SignalRoute => ({ transport: 'mqtt', topic, field });

export const LINE3_TELEMETRY_TOPIC = 'acme/plant-south/line3/telemetry';
export const SPARKPLUG_GROUP = 'acme';
export const SPARKPLUG_EDGE_NODE = 'plant-south';
export const SPARKPLUG_DEVICE = 'line3-cutter';

/**
 * The contract with models/demo/acme-manufacturing.yaml: signal id -> node id / topic + JSON field / metric.
 * North line energy is published in Wh (the model's sourceUnit), everything else in the model's unit.
 */
export const DEMO_SIGNAL_ROUTES: Readonly<Record<string, SignalRoute>> = {
  'line1.state': opc('Line1.State', 'Int32'),
  'line1.speed': opc('Line1.Speed'),
  'line1.good_count': opc('Line1.GoodCount', 'Int32'),
  'line1.scrap_count': opc('Line1.ScrapCount', 'Int32'),
  'line1.availability': opc('Line1.Availability'),
  'line1.performance': opc('Line1.Performance'),
  'line1.quality': opc('Line1.Quality'),
  'line1.energy_kwh': opc('Line1.EnergyWh'),
  'line2.state': opc('Line2.State', 'Int32'),
  'line2.speed': opc('Line2.Speed'),
  'line2.good_count': opc('Line2.GoodCount', 'Int32'),
  'line2.scrap_count': opc('Line2.ScrapCount', 'Int32'),
  'line2.availability': opc('Line2.Availability'),
  'line2.performance': opc('Line2.Performance'),
  'line2.quality': opc('Line2.Quality'),
  'line2.energy_kwh': opc('Line2.EnergyWh'),
  'line2.oven_temp': opc('Line2.Oven.Temperature'),
  'plant_north.energy_kwh': opc('PlantNorth.EnergyKwh'),
  'line3.state': mqtt(LINE3_TELEMETRY_TOPIC, 'state'),
  'line3.speed': mqtt(LINE3_TELEMETRY_TOPIC, 'speed'),
  'line3.good_count': mqtt(LINE3_TELEMETRY_TOPIC, 'good'),
  'line3.scrap_count': mqtt(LINE3_TELEMETRY_TOPIC, 'scrap'),
  'line3.availability': mqtt(LINE3_TELEMETRY_TOPIC, 'availability'),
  'line3.performance': mqtt(LINE3_TELEMETRY_TOPIC, 'performance'),
  'line3.quality': mqtt(LINE3_TELEMETRY_TOPIC, 'quality'),
  'line3.energy_kwh': mqtt(LINE3_TELEMETRY_TOPIC, 'energy_kwh'),
  'line3.cutter_vibration': { transport: 'sparkplug', metric: 'Vibration/RMS' },
  'plant_south.energy_kwh': mqtt('acme/plant-south/energy', 'kwh'),
  'erp.order_value': mqtt('acme/erp/orders', 'value'),
  'erp.orders_shipped': mqtt('acme/erp/orders', 'shipped'),
  'erp.orders_on_time': mqtt('acme/erp/orders', 'on_time'),
  'erp.cogs': mqtt('acme/erp/costs', 'cogs'),
  'erp.inventory_value': mqtt('acme/erp/inventory', 'value'),
  'crm.csat_score': mqtt('acme/crm/csat', 'score'),
  'crm.complaints': { transport: 'intake' },
  'crm.tickets_opened': mqtt('acme/crm/tickets', 'opened'),
  'crm.tickets_resolved': mqtt('acme/crm/tickets', 'resolved'),
  'hr.training_hours': { transport: 'intake' },
  'hr.headcount': { transport: 'intake' },
  'hr.leavers': { transport: 'intake' },
  'hr.safety_incidents': { transport: 'intake' },
};

export const DEMO_SIGNAL_IDS: readonly string[] = Object.keys(DEMO_SIGNAL_ROUTES);

/** The simulator OPC UA server's variables (initial values are overwritten on the first tick). */
export function demoOpcUaVariables(): SimulatedVariableSpec[] {
  return Object.values(DEMO_SIGNAL_ROUTES)
    .filter((r): r is Extract<SignalRoute, { transport: 'opcua' }> => r.transport === 'opcua')
    .map((r) => ({
      identifier: r.identifier,
      dataType: r.dataType,
      initial: r.identifier === 'Line2.Oven.Temperature' ? 182 : 0,
    }));
}
