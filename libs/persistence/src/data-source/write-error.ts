import { BscError, BscErrorCode } from '@bsc/common';

/**
 * Whether retrying a failed write can succeed. `permanent`: the data itself is refused (a retry sends the same
 * bytes and fails the same way); `transient`: the connection, a lock or the server's state (a retry may succeed).
 * Unknown errors count as transient, so nothing is set aside for a reason we do not understand.
 */
export type WriteFailureKind = 'permanent' | 'transient';

/** PostgreSQL SQLSTATE classes about the data: 22 data exception (0x00 in text, bad encoding, out of range), 23 constraints. */
const PERMANENT_PG_CLASSES = new Set(['22', '23']);
/** 54000 program limit exceeded (row or index entry too large), 42804 datatype mismatch. */
const PERMANENT_PG_CODES = new Set(['54000', '54001', '42804']);
/** better-sqlite3 codes about the data; SQLITE_BUSY, SQLITE_IOERR, SQLITE_FULL and the like stay transient. */
const PERMANENT_SQLITE_CODES = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/;

export function classifyWriteError(error: unknown): WriteFailureKind {
  if (error instanceof BscError) return error.code === BscErrorCode.BadInput ? 'permanent' : 'transient';
  const code = errorCode(error);
  if (code === undefined) return 'transient';
  if (/^[0-9A-Z]{5}$/.test(code) && (PERMANENT_PG_CLASSES.has(code.slice(0, 2)) || PERMANENT_PG_CODES.has(code)))
    return 'permanent';
  return PERMANENT_SQLITE_CODES.test(code) ? 'permanent' : 'transient';
}

/** TypeORM's QueryFailedError copies the driver error's fields; some paths keep it under `driverError` only. */
export function errorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, driverError } = error as { code?: unknown; driverError?: { code?: unknown } };
  if (typeof code === 'string') return code;
  return typeof driverError?.code === 'string' ? driverError.code : undefined;
}
