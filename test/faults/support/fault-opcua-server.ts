import { mkdir, readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  Variant,
  nodesets,
  type StatusCode,
  type UAVariable,
} from 'node-opcua';

export type FaultVariableType = 'Double' | 'Int32' | 'String';

export interface FaultVariable {
  identifier: string;
  dataType: FaultVariableType;
}

/**
 * A node-opcua server the fault tests break on purpose: restarted, its trust in our client certificate revoked
 * (the certificate moves to rejected/ and unknown clients are refused), nodes deleted and retyped. Variables live
 * under ns=1;s=<identifier>; every open and refused secure channel is counted, to see how hard a client retries.
 */
export class FaultOpcUaServer {
  private server?: OPCUAServer;
  private readonly nodes = new Map<string, UAVariable>();
  private variables: FaultVariable[];
  private acceptUnknownClients = true;
  /** Secure channels opened and refused since the last reset. */
  channelAttempts = 0;

  constructor(
    private readonly port: number,
    private readonly pkiDir: string,
    variables: readonly FaultVariable[],
  ) {
    this.variables = [...variables];
  }

  get endpointUrl(): string {
    return `opc.tcp://localhost:${this.port}/UA/Fault`;
  }

  async start(): Promise<void> {
    await mkdir(this.pkiDir, { recursive: true });
    const serverCertificateManager = new OPCUACertificateManager({
      rootFolder: this.pkiDir,
      automaticallyAcceptUnknownCertificate: this.acceptUnknownClients,
    });
    const server = new OPCUAServer({
      port: this.port,
      resourcePath: '/UA/Fault',
      nodeset_filename: [nodesets.standard],
      serverCertificateManager,
      securityModes: [MessageSecurityMode.SignAndEncrypt],
      securityPolicies: [SecurityPolicy.Basic256Sha256],
      allowAnonymous: true,
    });
    await server.initialize();
    const namespace = server.engine.addressSpace!.getOwnNamespace();
    for (const variable of this.variables) this.addVariable(namespace, variable);
    server.on('newChannel', () => (this.channelAttempts += 1));
    server.on('connectionRefused', () => (this.channelAttempts += 1));
    server.on('openSecureChannelFailure', () => (this.channelAttempts += 1));
    await server.start();
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.nodes.clear();
    await server?.shutdown(0);
  }

  async restart(downMs: number): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  set(identifier: string, value: number | string, sourceTimestamp: Date, status: StatusCode = StatusCodes.Good): void {
    const node = this.nodes.get(identifier);
    if (!node) throw new Error(`no variable ${identifier}`);
    const dataType = (this.variables.find((v) => v.identifier === identifier)?.dataType ??
      'Double') as keyof typeof DataType;
    node.setValueFromSource(new Variant({ dataType: DataType[dataType], value }), status, sourceTimestamp);
  }

  /**
   * Monitored items reporting the node's changes as they happen: node-opcua serves an item that asked for sampling
   * interval 0 on a node of MinimumSamplingInterval 0 by a value_changed listener; an item it samples has none.
   */
  changeListeners(identifier: string): number {
    return this.nodes.get(identifier)?.listenerCount('value_changed') ?? 0;
  }

  /** A status without a value (a sensor that lost its reading). */
  setStatusOnly(identifier: string, status: StatusCode, sourceTimestamp: Date): void {
    this.nodes.get(identifier)?.setValueFromSource(new Variant({ dataType: DataType.Null }), status, sourceTimestamp);
  }

  /** Deletes the node now; `restart` brings the server back without it. */
  deleteNode(identifier: string): void {
    const node = this.nodes.get(identifier);
    if (node) this.server?.engine.addressSpace?.deleteNode(node);
    this.nodes.delete(identifier);
    this.variables = this.variables.filter((v) => v.identifier !== identifier);
  }

  /** The node is deleted and created again with another data type, same node id. */
  retype(identifier: string, dataType: FaultVariableType): void {
    this.deleteNode(identifier);
    this.variables.push({ identifier, dataType });
    const namespace = this.server?.engine.addressSpace?.getOwnNamespace();
    if (namespace) this.addVariable(namespace, { identifier, dataType });
  }

  /** Stops trusting every client certificate it trusted so far; takes effect for new secure channels (restart). */
  async revokeClients(): Promise<void> {
    this.acceptUnknownClients = false;
    await moveAll(join(this.pkiDir, 'trusted', 'certs'), join(this.pkiDir, 'rejected'));
  }

  /** Accepts (and trusts) unknown client certificates again from the next start. */
  acceptNewClients(): void {
    this.acceptUnknownClients = true;
  }

  /** Trusts the client certificates it refused, on the running server. */
  async trustRejectedClients(): Promise<void> {
    const rejected = join(this.pkiDir, 'rejected');
    for (const name of await readdir(rejected)) {
      const pem = await readFile(join(rejected, name), 'utf8');
      await this.server?.serverCertificateManager.trustCertificate(pemToDer(pem));
    }
  }

  private addVariable(
    namespace: ReturnType<NonNullable<OPCUAServer['engine']['addressSpace']>['getOwnNamespace']>,
    variable: FaultVariable,
  ): void {
    const node = namespace.addVariable({
      organizedBy: namespace.addressSpace.rootFolder.objects,
      browseName: variable.identifier,
      nodeId: `s=${variable.identifier}`,
      dataType: variable.dataType,
      minimumSamplingInterval: 0,
    });
    this.nodes.set(variable.identifier, node);
  }
}

async function moveAll(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from).catch(() => [] as string[])) await rename(join(from, name), join(to, name));
}

function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64');
}
