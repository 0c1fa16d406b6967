import { BscError, BscErrorCode } from '@bsc/common';
import type { ModelIssue } from '../model/twin-model.types';

const SHOWN_IN_MESSAGE = 5;

/** A model that failed validation; `details` lists every issue. */
export class ModelValidationError extends BscError {
  constructor(
    readonly issues: readonly ModelIssue[],
    source?: string,
  ) {
    const head = issues.slice(0, SHOWN_IN_MESSAGE).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const more = issues.length > SHOWN_IN_MESSAGE ? ` (+${issues.length - SHOWN_IN_MESSAGE} more)` : '';
    super(
      BscErrorCode.ModelInvalid,
      `invalid twin model${source ? ` ${source}` : ''}: ${head.join('; ')}${more}`,
      issues[0]?.path,
      issues,
    );
    this.name = 'ModelValidationError';
  }
}
