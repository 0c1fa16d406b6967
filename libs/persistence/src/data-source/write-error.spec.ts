import { BscError, BscErrorCode } from '@bsc/common';
import { classifyWriteError } from './write-error';

const driverError = (code: string) => Object.assign(new Error(code), { code });

describe(classifyWriteError.name, () => {
  it.each([
    ['22021 (0x00 in text)', driverError('22021'), 'permanent'],
    ['22P02 invalid text representation', driverError('22P02'), 'permanent'],
    ['22001 value too long', driverError('22001'), 'permanent'],
    ['23505 unique violation', driverError('23505'), 'permanent'],
    ['54000 program limit', driverError('54000'), 'permanent'],
    ['SQLITE_CONSTRAINT_NOTNULL', driverError('SQLITE_CONSTRAINT_NOTNULL'), 'permanent'],
    ['SQLITE_TOOBIG', driverError('SQLITE_TOOBIG'), 'permanent'],
    ['a refused sample', new BscError(BscErrorCode.BadInput, 'non-finite'), 'permanent'],
    ['ECONNREFUSED', driverError('ECONNREFUSED'), 'transient'],
    ['57P01 admin shutdown', driverError('57P01'), 'transient'],
    ['08006 connection failure', driverError('08006'), 'transient'],
    ['40001 serialization failure', driverError('40001'), 'transient'],
    ['SQLITE_BUSY', driverError('SQLITE_BUSY'), 'transient'],
    ['no code at all', new Error('Connection terminated unexpectedly'), 'transient'],
  ])('%s is %s', (_name, error, expected) => {
    expect(classifyWriteError(error)).toBe(expected);
  });

  it('reads the code TypeORM keeps under driverError', () => {
    expect(classifyWriteError({ driverError: { code: '22021' } })).toBe('permanent');
  });
});
