// A command run in a spec may set process.exitCode; left set, jest exits non-zero with every test passed and no file
// named. The file that leaves it set fails here instead, and the next file starts clean.
afterAll(() => {
  const code = process.exitCode;
  if (code === undefined || code === 0) return;
  process.exitCode = undefined;
  throw new Error(`process.exitCode is ${code} after this file's tests: assert it where it is set, then clear it`);
});
