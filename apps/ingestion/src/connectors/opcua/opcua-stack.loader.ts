/** The connector's node-opcua half: its classes and functions, as the lazily loaded module exports them. */
export type OpcUaStack = typeof import('./opcua-stack');

let stack: Promise<OpcUaStack> | undefined;

/**
 * node-opcua is the largest part of the ingestion app's code: loading it took about half of a start-up. Only a
 * process that connects to an OPC UA server (or serves the simulator's) loads it, on first use, once.
 */
export function loadOpcUaStack(): Promise<OpcUaStack> {
  stack ??= import('./opcua-stack');
  return stack;
}
