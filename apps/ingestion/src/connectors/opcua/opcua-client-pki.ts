import { mkdir } from 'node:fs/promises';
import { OPCUACertificateManager } from 'node-opcua';

/**
 * The client's PKI folder (own certificate + key, trusted/rejected/issuers stores). The application certificate
 * is self-signed by node-opcua on the first connect (pure JS, no network, no openssl). Server certificates that
 * are not trusted land in `rejected/`; move them to `trusted/certs/` to trust them, or set
 * OPCUA_TRUST_UNKNOWN_SERVERS for a lab.
 */
export async function openClientCertificateManager(
  pkiDir: string,
  trustUnknownServers: boolean,
): Promise<OPCUACertificateManager> {
  await mkdir(pkiDir, { recursive: true });
  const manager = new OPCUACertificateManager({
    rootFolder: pkiDir,
    automaticallyAcceptUnknownCertificate: trustUnknownServers,
  });
  await manager.initialize();
  return manager;
}
