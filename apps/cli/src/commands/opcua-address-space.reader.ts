import { statusCodeToQuality } from '@bsc/common';
import type { ClientSession, OPCUAClient, ReferenceDescription } from 'node-opcua';

export interface OpcuaBrowseOptions {
  depth: number;
  json?: boolean;
  securityMode: 'None' | 'Sign' | 'SignAndEncrypt';
  securityPolicy: string;
  user?: string;
  password?: string;
  /** Milliseconds to wait for the connection before giving up. */
  timeout: number;
  /** Client PKI folder (application certificate, trusted server certificates) for secured modes. */
  pki: string;
  acceptUnknownServer?: boolean;
  /** Also print node-opcua's own warnings (on stderr). */
  verbose?: boolean;
}

export interface BrowsedNode {
  nodeId: string;
  browseName: string;
  nodeClass: string;
  depth: number;
  parentNodeId: string;
  dataType?: string;
  value?: unknown;
  statusCode?: string;
}

export class OpcuaUnreachableError extends Error {}

const MAX_NODES = 10_000;

/** Connects (no retries, bounded by the timeout), walks hierarchical references breadth-first, reads variables. */
export async function browseOpcUa(endpoint: string, root: string, options: OpcuaBrowseOptions): Promise<BrowsedNode[]> {
  // Loaded on use: node-opcua takes a second to load and the other commands do not need it.
  const opcua = await import('node-opcua');
  // node-opcua prints with console.log: keep stdout for our table or JSON.
  opcua.setWarningLogger((_context?: unknown, ...args: unknown[]) => {
    if (options.verbose) process.stderr.write(`${args.map(String).join(' ')}\n`);
  });
  opcua.setErrorLogger((_context?: unknown, ...args: unknown[]) => {
    if (options.verbose) process.stderr.write(`${args.map(String).join(' ')}\n`);
  });
  // Always our own PKI folder: otherwise node-opcua creates a default one in the user's home directory.
  const certificateManager = new opcua.OPCUACertificateManager({
    rootFolder: options.pki,
    automaticallyAcceptUnknownCertificate: options.acceptUnknownServer ?? false,
  });
  const client = opcua.OPCUAClient.create({
    applicationName: 'bsc-cli',
    endpointMustExist: false,
    securityMode: opcua.MessageSecurityMode[options.securityMode],
    securityPolicy: `http://opcfoundation.org/UA/SecurityPolicy#${options.securityPolicy}` as never,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    transportTimeout: options.timeout,
    clientCertificateManager: certificateManager,
  });
  try {
    await connectWithin(client, endpoint, options.timeout);
    const identity: import('node-opcua').UserIdentityInfo = options.user
      ? { type: opcua.UserTokenType.UserName, userName: options.user, password: options.password ?? '' }
      : { type: opcua.UserTokenType.Anonymous };
    const session = await client.createSession(identity);
    try {
      return await walk(session, root, options.depth, opcua);
    } finally {
      await session.close().catch(() => undefined);
    }
  } finally {
    await client.disconnect().catch(() => undefined);
    await certificateManager.dispose().catch(() => undefined);
  }
}

async function connectWithin(client: OPCUAClient, endpoint: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OpcuaUnreachableError(`cannot connect to ${endpoint} within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([client.connect(endpoint), timeout]);
  } catch (error) {
    if (error instanceof OpcuaUnreachableError) throw error;
    throw new OpcuaUnreachableError(`cannot connect to ${endpoint}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

type OpcUaLib = typeof import('node-opcua');

async function walk(session: ClientSession, root: string, maxDepth: number, opcua: OpcUaLib): Promise<BrowsedNode[]> {
  const found: BrowsedNode[] = [];
  const seen = new Set<string>([opcua.resolveNodeId(root).toString()]);
  let frontier = [opcua.resolveNodeId(root).toString()];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0 && found.length < MAX_NODES; depth += 1) {
    const results = await session.browse(
      frontier.map((nodeId) => ({
        nodeId,
        browseDirection: opcua.BrowseDirection.Forward,
        referenceTypeId: 'HierarchicalReferences',
        includeSubtypes: true,
        resultMask: 0x3f,
      })),
    );
    const level: BrowsedNode[] = [];
    for (let i = 0; i < results.length; i += 1) {
      // by severity: node-opcua's isNotGood() counts a Good code with flag bits as a failure
      if (statusCodeToQuality(results[i].statusCode.value) !== 'good')
        throw new Error(`cannot browse ${frontier[i]}: ${results[i].statusCode.name}`);
      for (const reference of await allReferences(session, results[i].references ?? [], results[i].continuationPoint)) {
        const nodeId = reference.nodeId.toString();
        if (seen.has(nodeId)) continue;
        seen.add(nodeId);
        level.push({
          nodeId,
          browseName: reference.browseName.toString(),
          nodeClass: opcua.NodeClass[reference.nodeClass],
          depth,
          parentNodeId: frontier[i],
        });
      }
    }
    await readVariables(
      session,
      level.filter((n) => n.nodeClass === 'Variable'),
      opcua,
    );
    found.push(...level);
    frontier = level.map((n) => n.nodeId);
  }
  return treeOrder(found.slice(0, MAX_NODES), opcua.resolveNodeId(root).toString());
}

/** Breadth-first discovery, depth-first listing: every node right under its parent, as a tree reads. */
function treeOrder(nodes: readonly BrowsedNode[], root: string): BrowsedNode[] {
  const children = new Map<string, BrowsedNode[]>();
  for (const node of nodes) children.set(node.parentNodeId, [...(children.get(node.parentNodeId) ?? []), node]);
  const ordered: BrowsedNode[] = [];
  const visit = (parent: string): void => {
    for (const child of children.get(parent) ?? []) {
      ordered.push(child);
      visit(child.nodeId);
    }
  };
  visit(root);
  return ordered;
}

async function allReferences(
  session: ClientSession,
  first: ReferenceDescription[],
  continuationPoint?: Buffer | null,
): Promise<ReferenceDescription[]> {
  const references = [...first];
  let point = continuationPoint;
  while (point && point.length > 0) {
    const next = await session.browseNext(point, false);
    references.push(...(next.references ?? []));
    point = next.continuationPoint;
  }
  return references;
}

async function readVariables(session: ClientSession, variables: BrowsedNode[], opcua: OpcUaLib): Promise<void> {
  if (variables.length === 0) return;
  const reads = variables.flatMap((v) => [
    { nodeId: v.nodeId, attributeId: opcua.AttributeIds.Value },
    { nodeId: v.nodeId, attributeId: opcua.AttributeIds.DataType },
  ]);
  const values = await session.read(reads);
  const typeIds = new Set<string>();
  variables.forEach((variable, i) => {
    const value = values[2 * i];
    variable.value = jsonSafe(value.value?.value);
    variable.statusCode = value.statusCode.name;
    const dataType: unknown = values[2 * i + 1].value?.value;
    if (dataType instanceof opcua.NodeId) {
      const typeId = dataType.toString();
      variable.dataType = typeId;
      typeIds.add(typeId);
    }
  });
  // Data types by name ("Double", "Int32"), one read for all of them.
  const ids = [...typeIds];
  const names = await session.read(ids.map((nodeId) => ({ nodeId, attributeId: opcua.AttributeIds.BrowseName })));
  const byId = new Map(
    ids.map((id, i) => {
      const browseName: unknown = names[i].value?.value;
      return [id, browseName instanceof opcua.QualifiedName ? (browseName.name ?? undefined) : undefined];
    }),
  );
  for (const variable of variables) {
    if (variable.dataType) variable.dataType = byId.get(variable.dataType) ?? variable.dataType;
  }
}

function jsonSafe(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'object') {
    // Extension objects (ServerStatus, ...) serialise through their own toJSON; NodeIds and the like print as text.
    try {
      const json: unknown = JSON.parse(
        JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      );
      return json && typeof json === 'object' && Object.keys(json).length > 0 ? json : textOf(value);
    } catch {
      return textOf(value);
    }
  }
  return value;
}

/** NodeIds, LocalizedTexts and the like print through their own toString; anything else by its class name. */
function textOf(value: object): string {
  const toString: unknown = Reflect.get(value, 'toString');
  if (typeof toString === 'function' && toString !== Object.prototype.toString) return String(toString.call(value));
  return value.constructor?.name ?? 'Object';
}
