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
 * Every value change is reported, and deadbands are left to the pipeline: a server's deadband would be stricter than
 * the model's (it drops a change of exactly the deadband, reads it in the node's unit before any conversion, and
 * takes a percent as one of the node's EURange, refusing the item where the node has none).
 * Items with an absolute deadband skip repeats of an equal value (StatusValue), which the pipeline drops anyway;
 * the others report every new source timestamp (StatusValueTimestamp): counters such as "units since last sample"
 * repeat equal values, and each one is a real increment that must not be dropped.
 */
export function monitoringParametersFor(binding: OpcUaBinding): MonitoringParametersOptions {
  const dropsRepeats = binding.deadband?.type === 'absolute' && binding.deadband.value > 0;
  const filter = new DataChangeFilter({
    trigger: dropsRepeats ? DataChangeTrigger.StatusValue : DataChangeTrigger.StatusValueTimestamp,
    deadbandType: DeadbandType.None,
    deadbandValue: 0,
  });
  return { samplingInterval: binding.samplingInterval, queueSize: binding.queueSize, discardOldest: true, filter };
}

export function itemToMonitor(binding: OpcUaBinding): ReadValueIdOptions {
  return { nodeId: binding.nodeId, attributeId: AttributeIds.Value };
}

/** Part 4 5.13.2: "The lifetime count shall be a minimum of three times the keep keep-alive count." */
export const MAX_KEEP_ALIVE_COUNT = 10;

/**
 * Publishing intervals a subscription outlives without Publish requests (Part 4 5.13.1.1: then it is closed with its
 * items). As long as the session: a client back within the session timeout reactivates the session and has the
 * values the server queued meanwhile republished; a shorter lifetime loses them, keeping only current values.
 */
export function subscriptionLifetimeCount(publishingInterval: number, sessionTimeout: number): number {
  const coveringSession = publishingInterval > 0 ? Math.ceil(sessionTimeout / publishingInterval) : 0;
  return Math.max(3 * MAX_KEEP_ALIVE_COUNT, Number.isFinite(coveringSession) ? coveringSession : 0);
}
