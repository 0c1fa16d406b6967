import type { ValidationError } from 'class-validator';
import { BscError, BscErrorCode } from '@bsc/common';

function flatten(errors: readonly ValidationError[], prefix = ''): Array<{ path: string; message: string }> {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      path,
      message: message.replace(new RegExp(`^${e.property} `), ''),
    }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** class-validator failures on *.input.ts become BAD_USER_INPUT naming each field: "input.first: must not be greater than 200". */
export function validationExceptionFactory(errors: ValidationError[]): BscError {
  const issues = flatten(errors);
  const message = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new BscError(BscErrorCode.BadInput, message || 'invalid input', issues[0]?.path, issues);
}
