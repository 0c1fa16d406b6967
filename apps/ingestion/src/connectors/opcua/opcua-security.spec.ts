import { BscError } from '@bsc/common';
import {
  assertSecurityPair,
  parseOpcUaCredentials,
  toMessageSecurityMode,
  toSecurityPolicy,
  userIdentityFor,
} from './opcua-security';

// Wire values from OPC UA Part 4 / Part 7.
const MessageSecurityMode = { None: 1, Sign: 2, SignAndEncrypt: 3 };
const SecurityPolicy = {
  Basic256Sha256: 'http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256',
  Aes256_Sha256_RsaPss: 'http://opcfoundation.org/UA/SecurityPolicy#Aes256_Sha256_RsaPss',
};
const UserTokenType = { Anonymous: 0, UserName: 1 };

describe('OPC UA security settings', () => {
  it.each([
    ['None', MessageSecurityMode.None],
    ['Sign', MessageSecurityMode.Sign],
    ['SignAndEncrypt', MessageSecurityMode.SignAndEncrypt],
  ])('maps mode %s', (mode, expected) => {
    expect(toMessageSecurityMode(mode)).toBe(expected);
  });

  it.each([
    ['Basic256Sha256', SecurityPolicy.Basic256Sha256],
    ['Aes256_Sha256_RsaPss', SecurityPolicy.Aes256_Sha256_RsaPss],
  ])('maps policy %s', (policy, expected) => {
    expect(toSecurityPolicy(policy)).toBe(expected);
  });

  it('refuses unknown modes and policies, and secured modes without a policy', () => {
    expect(() => toMessageSecurityMode('Encrypt')).toThrow(BscError);
    expect(() => toSecurityPolicy('Basic128Rsa15')).toThrow(/unknown OPC UA security policy/);
    expect(() => assertSecurityPair('Sign', 'None')).toThrow(/cannot be used/);
    expect(() => assertSecurityPair('None', 'Basic256Sha256')).toThrow(/cannot be used/);
  });

  describe(parseOpcUaCredentials.name, () => {
    it('reads named credential sets', () => {
      const sut = parseOpcUaCredentials('{"plant":{"user":"op","password":"pw"}}');
      expect(sut.get('plant')).toEqual({ user: 'op', password: 'pw' });
    });

    it.each([
      ['empty', undefined, 0],
      ['blank', '  ', 0],
    ])('returns no sets when %s', (_case, json, size) => {
      expect(parseOpcUaCredentials(json).size).toBe(size);
    });

    it.each([
      ['invalid JSON', '{', /not valid JSON/],
      ['an array', '[]', /must be an object/],
      ['a set without password', '{"plant":{"user":"op"}}', /credential set 'plant'/],
    ])('rejects %s without echoing secrets', (_case, json, message) => {
      expect(() => parseOpcUaCredentials(json)).toThrow(message);
    });
  });

  describe(userIdentityFor.name, () => {
    const server = { id: 'north', endpoint: 'opc.tcp://n', securityMode: 'None', securityPolicy: 'None' } as const;
    const credentials = new Map([['plant', { user: 'op', password: 'pw' }]]);

    it('is anonymous without a credential reference', () => {
      expect(userIdentityFor(server, credentials)).toEqual({ type: UserTokenType.Anonymous });
    });

    it('uses the named set', () => {
      expect(userIdentityFor({ ...server, credentials: 'plant' }, credentials)).toEqual({
        type: UserTokenType.UserName,
        userName: 'op',
        password: 'pw',
      });
    });

    it('fails when the named set is not configured', () => {
      expect(() => userIdentityFor({ ...server, credentials: 'missing' }, credentials)).toThrow(/'missing'/);
    });
  });
});
