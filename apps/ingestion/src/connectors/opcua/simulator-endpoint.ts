/** The path the built-in simulator serves its OPC UA address space on (the demo model's endpoint path). */
export const SIMULATOR_OPCUA_RESOURCE_PATH = '/UA/ACME';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * While the built-in simulator runs, a model endpoint on this machine at the simulator's path is the simulator:
 * it follows SIMULATOR_OPCUA_PORT, so moving the simulator never leaves the demo bound to whatever else listens on
 * the model's port. Any other endpoint is left as the model says.
 */
export function followSimulator(
  port: number,
  resourcePath = SIMULATOR_OPCUA_RESOURCE_PATH,
): (endpoint: string) => string {
  return (endpoint) => {
    const match = /^opc\.tcp:\/\/([^/:]+|\[[^\]]+\])(?::(\d+))?(\/.*)?$/.exec(endpoint);
    if (!match || !LOCAL_HOSTS.has(match[1].toLowerCase()) || (match[3] ?? '') !== resourcePath) return endpoint;
    return `opc.tcp://${match[1]}:${port}${resourcePath}`;
  };
}
