// Everything of the connector that loads node-opcua, behind one lazily imported module (see opcua-stack.loader.ts).
export { openClientCertificateManager } from './opcua-client-pki';
export { OpcUaEndpointConnection } from './opcua-endpoint-connection';
export { routeNodeOpcuaLogs } from './opcua-log-bridge';
