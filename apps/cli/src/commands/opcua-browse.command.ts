import { Command, Option } from 'commander';
import {
  browseOpcUa,
  OpcuaUnreachableError,
  type BrowsedNode,
  type OpcuaBrowseOptions,
} from './opcua-address-space.reader';
import { positiveInt } from './option-parsers';

/** Exit codes of `bsc opcua browse`: scripts tell an unreachable server from a failed browse. */
export const OPCUA_BROWSE_EXIT = { ok: 0, failed: 1, unreachable: 2 } as const;

export interface OpcuaBrowseIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  setExitCode(code: number): void;
}

const PROCESS_IO: OpcuaBrowseIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

const OBJECTS_FOLDER = 'ns=0;i=85';

/** `bsc opcua browse ENDPOINT [NODE]`: the address space below NODE with data types and current values. */
export function registerOpcuaBrowseCommand(program: Command, io: OpcuaBrowseIo = PROCESS_IO): Command {
  const opcua =
    program.commands.find((c) => c.name() === 'opcua') ??
    program.command('opcua').description('OPC UA servers: browse');
  return opcua
    .command('browse')
    .description('list the address space of an OPC UA server below a node (default: the Objects folder)')
    .argument('<endpoint>', 'e.g. opc.tcp://localhost:4840/UA/ACME')
    .argument('[node]', 'node id to start from', OBJECTS_FOLDER)
    .option('--depth <n>', 'levels to descend', positiveInt, 2)
    .option('--json', 'print one JSON object { endpoint, root, nodes } instead of a table')
    .addOption(
      new Option('--security-mode <mode>', 'message security mode')
        .choices(['None', 'Sign', 'SignAndEncrypt'])
        .default('None'),
    )
    .addOption(
      new Option(
        '--security-policy <policy>',
        'security policy (default Basic256Sha256 when the mode is not None)',
      ).choices(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss']),
    )
    .option('--user <name>', 'user name (anonymous when absent)')
    .option('--password <password>', 'password for --user')
    .option('--timeout <ms>', 'connection timeout in milliseconds', positiveInt, 10_000)
    .option('--pki <dir>', 'client PKI folder for secured modes', 'data/pki')
    .option('--accept-unknown-server', 'trust a server certificate that is not in the PKI trusted store')
    .option('--verbose', "print node-opcua's own warnings on stderr")
    .action(
      async (
        endpoint: string,
        node: string,
        raw: Omit<OpcuaBrowseOptions, 'securityPolicy'> & { securityPolicy?: string },
      ) => {
        const securityPolicy = raw.securityPolicy ?? (raw.securityMode === 'None' ? 'None' : 'Basic256Sha256');
        io.setExitCode(await runOpcuaBrowse(endpoint, node, { ...raw, securityPolicy }, io));
      },
    );
}

export async function runOpcuaBrowse(
  endpoint: string,
  node: string,
  options: OpcuaBrowseOptions,
  io: Pick<OpcuaBrowseIo, 'stdout' | 'stderr'>,
): Promise<number> {
  try {
    const nodes = await browseOpcUa(endpoint, node, options);
    if (options.json) io.stdout.write(`${JSON.stringify({ endpoint, root: node, nodes })}\n`);
    else io.stdout.write(formatTable(nodes));
    return OPCUA_BROWSE_EXIT.ok;
  } catch (error) {
    io.stderr.write(`bsc opcua browse: ${(error as Error).message}\n`);
    return error instanceof OpcuaUnreachableError ? OPCUA_BROWSE_EXIT.unreachable : OPCUA_BROWSE_EXIT.failed;
  }
}

export function formatTable(nodes: readonly BrowsedNode[]): string {
  const rows = nodes.map((n) => [
    `${'  '.repeat(n.depth - 1)}${n.browseName}`,
    n.nodeId,
    n.nodeClass,
    n.dataType ?? '',
    n.nodeClass === 'Variable' ? formatValue(n) : '',
  ]);
  const header = ['BROWSE NAME', 'NODE ID', 'CLASS', 'DATA TYPE', 'VALUE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

function formatValue(node: BrowsedNode): string {
  const text = (typeof node.value === 'string' ? node.value : JSON.stringify(node.value)).replace(/\s+/g, ' ');
  const value = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return node.statusCode && node.statusCode !== 'Good' ? `${value} (${node.statusCode})` : value;
}
