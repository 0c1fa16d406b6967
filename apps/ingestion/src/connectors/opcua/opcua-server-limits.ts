import { statusCodeToQuality } from '@bsc/common';
import { AttributeIds, VariableIds, type ClientSession } from 'node-opcua';
import type { ServerItemLimits } from './opcua-binding';

/** The server's announced item limits (ServerCapabilities); a server that does not say sets none. */
export async function readItemLimits(session: ClientSession): Promise<ServerItemLimits> {
  const ids = [
    VariableIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall,
    VariableIds.Server_ServerCapabilities_MaxMonitoredItemsPerSubscription,
    VariableIds.Server_ServerCapabilities_MaxSubscriptionsPerSession,
  ];
  const values = await session
    .read(ids.map((id) => ({ nodeId: `i=${id}`, attributeId: AttributeIds.Value })))
    .catch(() => []);
  const numberAt = (i: number): number | undefined => {
    // by severity: node-opcua's isGood() would drop a Good limit read with flag bits
    const good = values[i] !== undefined && statusCodeToQuality(values[i].statusCode.value) === 'good';
    const value: unknown = good ? values[i].value.value : undefined;
    return typeof value === 'number' ? value : undefined;
  };
  return {
    maxMonitoredItemsPerCall: numberAt(0),
    maxMonitoredItemsPerSubscription: numberAt(1),
    maxSubscriptionsPerSession: numberAt(2),
  };
}
