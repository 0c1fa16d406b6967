import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { findOversizedStringArgument, oversizedStringError } from './string-argument-limit';

/**
 * Refuses an operation whose arguments hold a string over `maxChars` (literals and variables), once the operation is
 * known and before it runs. Validation rules cannot do it: they see the document without its variables.
 */
export function stringArgumentLimitPlugin(maxChars: number): ApolloServerPlugin<BaseContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, request }) {
          const oversized = findOversizedStringArgument(schema, document, request.variables, maxChars);
          if (oversized) throw oversizedStringError(oversized, maxChars);
          return Promise.resolve();
        },
      });
    },
  };
}
