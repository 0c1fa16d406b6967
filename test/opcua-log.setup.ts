import { format } from 'node:util';
import { setErrorLogger, setWarningLogger } from 'node-opcua-debug';

// node-opcua logs through console.log, and some of its checks end after the test file that loaded it: on load,
// node-opcua-secure-channel makes an RSA-4096 key pair to warn about PKCS#1 v1.5 on this Node version. Logged once
// the file's console is closed, jest prints "Cannot log after tests are done" and exits 1 with every test passed.
// Written to stderr (through the stream's own write, whatever a spec spies on), the warning is still seen.
const write = process.stderr.write.bind(process.stderr);
const toStderr = (_context: unknown, ...args: unknown[]): void => {
  write(`[node-opcua] ${format(...args)}\n`);
};
setWarningLogger(toStderr);
setErrorLogger(toStderr);
