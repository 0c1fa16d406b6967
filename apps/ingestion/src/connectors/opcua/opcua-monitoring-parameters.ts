import {
  AttributeIds,
  DataChangeFilter,
  DataChangeTrigger,
  DeadbandType,
  type MonitoringParametersOptions,
  type ReadValueIdOptions,
} from 'node-opcua';
import type { OpcUaBinding } from './opcua-binding';

/**
 * Items without a deadband report every new source timestamp (StatusValueTimestamp): counters such as
 * "units since last sample" repeat equal values, and each one is a real increment that must not be dropped.
 * With a deadband, changes smaller than it are filtered on the server, as the model asks.
 */
export function monitoringParametersFor(binding: OpcUaBinding): MonitoringParametersOptions {
  const filter = binding.deadband
    ? new DataChangeFilter({
        trigger: DataChangeTrigger.StatusValue,
        deadbandType: binding.deadband.type === 'percent' ? DeadbandType.Percent : DeadbandType.Absolute,
        deadbandValue: binding.deadband.value,
      })
    : new DataChangeFilter({
        trigger: DataChangeTrigger.StatusValueTimestamp,
        deadbandType: DeadbandType.None,
        deadbandValue: 0,
      });
  return { samplingInterval: binding.samplingInterval, queueSize: binding.queueSize, discardOldest: true, filter };
}

export function itemToMonitor(binding: OpcUaBinding): ReadValueIdOptions {
  return { nodeId: binding.nodeId, attributeId: AttributeIds.Value };
}
