import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { BscError, BscErrorCode } from '@bsc/common';
import { toGraphqlErrorCode } from './bsc-error-code.mapper';
import { formatGraphqlError } from './format-graphql-error';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['field'] });

describe(formatGraphqlError.name, () => {
  it('maps every BscErrorCode to an extensions.code', () => {
    for (const code of Object.values(BscErrorCode)) expect(toGraphqlErrorCode(code)).toMatch(/^[A-Z_]+$/);
  });

  it.each([
    [new BscError(BscErrorCode.NotFound, 'id: no KPI x', 'id'), { code: 'NOT_FOUND', field: 'id' }, 'id: no KPI x'],
    [
      new BscError(BscErrorCode.BadInput, 'first: too big', 'first'),
      { code: 'BAD_USER_INPUT', field: 'first' },
      'first: too big',
    ],
    [new BscError(BscErrorCode.Unavailable, 'model not loaded'), { code: 'SERVICE_UNAVAILABLE' }, 'model not loaded'],
    [new ForbiddenException('nope'), { code: 'FORBIDDEN' }, 'nope'],
    [new UnauthorizedException('who'), { code: 'UNAUTHENTICATED' }, 'who'],
  ])('keeps the message and maps the code of %p', (original, extensions, message) => {
    const error = wrap(original);
    const sut = formatGraphqlError(error.toJSON(), error);
    expect(sut).toMatchObject({ message, extensions, path: ['field'] });
  });

  it('carries model issues', () => {
    const issues = [{ path: 'kpis[0].unit', message: 'required' }];
    const error = wrap(new BscError(BscErrorCode.ModelInvalid, 'invalid', 'document', issues));
    expect(formatGraphqlError(error.toJSON(), error).extensions).toEqual({
      code: 'MODEL_INVALID',
      field: 'document',
      issues,
    });
  });

  it('hides unexpected errors behind INTERNAL_SERVER_ERROR', () => {
    const error = wrap(new TypeError('cannot read properties of undefined (reading "secret")'));
    const sut = formatGraphqlError(error.toJSON(), error);
    expect(sut).toMatchObject({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps graphql-js codes and drops stack traces', () => {
    const sut = formatGraphqlError(
      { message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at x'] } },
      new GraphQLError('x'),
    );
    expect(sut.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });
});
