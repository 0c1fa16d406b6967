import { mkdir } from 'node:fs/promises';
import {
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  getStatusCodeFromCode,
  StatusCodes,
  Variant,
  nodesets,
  type Namespace,
  type UAObject,
  type UAVariable,
} from 'node-opcua';

export interface SimulatedVariableSpec {
  /** String identifier in the server's namespace 1, dotted by object: "Line1.Speed", "Line2.Oven.Temperature". */
  identifier: string;
  dataType: 'Double' | 'Int32' | 'Boolean';
  initial: number;
}

export interface SimulatorOpcUaServerOptions {
  port: number;
  resourcePath: string;
  /** Server PKI (own certificate, trusted client certificates); created on first start. */
  pkiDir: string;
  variables: readonly SimulatedVariableSpec[];
  /** Folder under Objects that holds the simulated plant. */
  rootName?: string;
  /** Accepted user names and passwords besides anonymous. */
  users?: ReadonlyArray<{ user: string; password: string }>;
  allowAnonymous?: boolean;
  /** Accept any client certificate (a demo server); the connector's own trust checks stay strict. */
  acceptUnknownClients?: boolean;
  /** Subscriptions one session may create (node-opcua's default is 10). */
  maxSubscriptionsPerSession?: number;
}

const DATA_TYPES: Record<SimulatedVariableSpec['dataType'], DataType> = {
  Double: DataType.Double,
  Int32: DataType.Int32,
  Boolean: DataType.Boolean,
};

/**
 * A real OPC UA server (node-opcua) publishing simulated values under ns=1;s=<identifier>. Endpoints: None,
 * and Basic256Sha256 / Aes128_Sha256_RsaOaep with Sign and SignAndEncrypt. Variables are exception-based
 * (minimumSamplingInterval 0): every `setValue` carries its own source timestamp and is seen by subscribers.
 */
export class SimulatorOpcUaServer {
  private server?: OPCUAServer;
  private readonly variables = new Map<string, { node: UAVariable; dataType: DataType }>();

  constructor(private readonly options: SimulatorOpcUaServerOptions) {}

  get endpointUrl(): string {
    return `opc.tcp://localhost:${this.options.port}${this.options.resourcePath}`;
  }

  async start(): Promise<void> {
    await mkdir(this.options.pkiDir, { recursive: true });
    const serverCertificateManager = new OPCUACertificateManager({
      rootFolder: this.options.pkiDir,
      automaticallyAcceptUnknownCertificate: this.options.acceptUnknownClients ?? true,
    });
    const users = this.options.users ?? [];
    const server = new OPCUAServer({
      port: this.options.port,
      resourcePath: this.options.resourcePath,
      nodeset_filename: [nodesets.standard],
      serverCertificateManager,
      allowAnonymous: this.options.allowAnonymous ?? true,
      securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
      securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep],
      userManager: {
        isValidUser: (user: string, password: string) => users.some((u) => u.user === user && u.password === password),
      },
      buildInfo: { productName: 'BSC plant simulator', manufacturerName: 'bsc-twin' },
      serverCapabilities: this.options.maxSubscriptionsPerSession
        ? { maxSubscriptionsPerSession: this.options.maxSubscriptionsPerSession }
        : undefined,
    });
    await server.initialize();
    this.populate(server);
    await server.start();
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.variables.clear();
    await server?.shutdown(0);
  }

  /** DER of the server's application certificate, for clients that trust it explicitly. */
  certificate(): Buffer {
    if (!this.server) throw new Error('server not started');
    // node-opcua's Certificate type does not resolve here (its typings chunk is not found): check what it is.
    const der: unknown = this.server.getCertificate();
    if (!(der instanceof Uint8Array)) throw new Error('the server certificate is not DER bytes');
    return Buffer.from(der);
  }

  setValue(
    identifier: string,
    value: number,
    status: number = StatusCodes.Good.value,
    sourceTimestamp: Date = new Date(),
  ): void {
    const entry = this.variables.get(identifier);
    if (!entry) throw new Error(`no simulated variable ${identifier}`);
    const typed =
      entry.dataType === DataType.Boolean ? value !== 0 : entry.dataType === DataType.Int32 ? Math.round(value) : value;
    entry.node.setValueFromSource(
      new Variant({ dataType: entry.dataType, value: typed }),
      getStatusCodeFromCode(status),
      sourceTimestamp,
    );
  }

  private populate(server: OPCUAServer): void {
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('address space not ready');
    // ns=1 is the server's own namespace, so the demo node ids "ns=1;s=Line1.Speed" resolve here.
    const namespace = addressSpace.getOwnNamespace();
    const rootName = this.options.rootName ?? 'Plant';
    const root = namespace.addFolder(addressSpace.rootFolder.objects, {
      browseName: rootName,
      nodeId: `s=${rootName}`,
    });
    const objects = new Map<string, UAObject>();
    for (const spec of this.options.variables) {
      const parts = spec.identifier.split('.');
      const parent = this.objectFor(namespace, root, objects, parts.slice(0, -1));
      const dataType = DATA_TYPES[spec.dataType];
      const node = namespace.addVariable({
        componentOf: parent,
        browseName: parts[parts.length - 1],
        nodeId: `s=${spec.identifier}`,
        dataType: spec.dataType,
        minimumSamplingInterval: 0,
      });
      this.variables.set(spec.identifier, { node, dataType });
      this.setValue(spec.identifier, spec.initial);
    }
  }

  private objectFor(
    namespace: Namespace,
    root: UAObject,
    objects: Map<string, UAObject>,
    path: readonly string[],
  ): UAObject {
    let parent = root;
    for (let depth = 1; depth <= path.length; depth += 1) {
      const key = path.slice(0, depth).join('.');
      let object = objects.get(key);
      if (!object) {
        object = namespace.addObject({
          organizedBy: depth === 1 ? parent : undefined,
          componentOf: depth === 1 ? undefined : parent,
          browseName: path[depth - 1],
          nodeId: `s=${key}`,
        });
        objects.set(key, object);
      }
      parent = object;
    }
    return parent;
  }
}
