import { BscError, BscErrorCode } from '@bsc/common';
import type { OpcUaServerDef } from '@bsc/twin';
import type { MessageSecurityMode, SecurityPolicy, UserIdentityInfo } from 'node-opcua';

// Wire values of the OPC UA enums, so this module (and its tests) does not load the whole node-opcua stack.
const MODE_NONE = 1 as MessageSecurityMode;
const MODE_SIGN = 2 as MessageSecurityMode;
const MODE_SIGN_AND_ENCRYPT = 3 as MessageSecurityMode;
const POLICY_URI = 'http://opcfoundation.org/UA/SecurityPolicy#';
const USER_TOKEN_ANONYMOUS = 0;
const USER_TOKEN_USER_NAME = 1;

export interface OpcUaCredential {
  user: string;
  password: string;
}

const MODES: Record<OpcUaServerDef['securityMode'], MessageSecurityMode> = {
  None: MODE_NONE,
  Sign: MODE_SIGN,
  SignAndEncrypt: MODE_SIGN_AND_ENCRYPT,
};

const POLICIES: Record<OpcUaServerDef['securityPolicy'], SecurityPolicy> = {
  None: `${POLICY_URI}None` as SecurityPolicy,
  Basic256Sha256: `${POLICY_URI}Basic256Sha256` as SecurityPolicy,
  Aes128_Sha256_RsaOaep: `${POLICY_URI}Aes128_Sha256_RsaOaep` as SecurityPolicy,
  Aes256_Sha256_RsaPss: `${POLICY_URI}Aes256_Sha256_RsaPss` as SecurityPolicy,
};

export function toMessageSecurityMode(mode: string): MessageSecurityMode {
  const found = MODES[mode as OpcUaServerDef['securityMode']];
  if (found === undefined)
    throw new BscError(BscErrorCode.BadInput, `unknown OPC UA security mode '${mode}' (None, Sign, SignAndEncrypt)`);
  return found;
}

export function toSecurityPolicy(policy: string): SecurityPolicy {
  const found = POLICIES[policy as OpcUaServerDef['securityPolicy']];
  if (found === undefined) {
    throw new BscError(
      BscErrorCode.BadInput,
      `unknown OPC UA security policy '${policy}' (${Object.keys(POLICIES).join(', ')})`,
    );
  }
  return found;
}

/** A secured mode needs a real policy and vice versa; the server would refuse the pair anyway, later and less clearly. */
export function assertSecurityPair(mode: string, policy: string): void {
  if ((mode === 'None') !== (policy === 'None')) {
    throw new BscError(BscErrorCode.BadInput, `OPC UA security mode ${mode} cannot be used with policy ${policy}`);
  }
}

/** Parses OPCUA_CREDENTIALS: {"name":{"user":"..","password":".."}}. Errors never echo the secrets. */
export function parseOpcUaCredentials(json: string | undefined): ReadonlyMap<string, OpcUaCredential> {
  const result = new Map<string, OpcUaCredential>();
  if (!json?.trim()) return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new BscError(BscErrorCode.BadInput, 'OPCUA_CREDENTIALS is not valid JSON', 'OPCUA_CREDENTIALS');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BscError(
      BscErrorCode.BadInput,
      'OPCUA_CREDENTIALS must be an object of credential sets',
      'OPCUA_CREDENTIALS',
    );
  }
  for (const [name, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const { user, password } = (entry ?? {}) as Record<string, unknown>;
    if (typeof user !== 'string' || typeof password !== 'string') {
      throw new BscError(
        BscErrorCode.BadInput,
        `credential set '${name}' needs string "user" and "password"`,
        `OPCUA_CREDENTIALS.${name}`,
      );
    }
    result.set(name, { user, password });
  }
  return result;
}

/** Anonymous unless the server names a credential set; a missing set is a configuration error, not anonymous. */
export function userIdentityFor(
  server: OpcUaServerDef,
  credentials: ReadonlyMap<string, OpcUaCredential>,
): UserIdentityInfo {
  if (!server.credentials) return { type: USER_TOKEN_ANONYMOUS };
  const credential = credentials.get(server.credentials);
  if (!credential) {
    throw new BscError(
      BscErrorCode.BadInput,
      `OPC UA server '${server.id}' uses credential set '${server.credentials}', which OPCUA_CREDENTIALS does not define`,
    );
  }
  return { type: USER_TOKEN_USER_NAME, userName: credential.user, password: credential.password };
}
