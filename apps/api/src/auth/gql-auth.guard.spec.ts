import { roleRefusal } from './gql-auth.guard';

describe(roleRefusal.name, () => {
  it.each([
    ['an admin-only rule', ['admin'], "Mutation.importModel: role 'viewer' may not do this (allowed: admin)"],
    [
      'a rule that names admin and editor',
      ['admin', 'editor'],
      "Mutation.importModel: role 'viewer' may not do this (allowed: admin, editor)",
    ],
    [
      'a rule without admin',
      ['editor', 'operator'],
      "Mutation.importModel: role 'viewer' may not do this (allowed: admin, editor, operator)",
    ],
  ])('lists the allowed roles of %s without a dangling comma', (_case, roles, expected) => {
    expect(roleRefusal('Mutation.importModel', 'viewer', roles)).toBe(expected);
  });
});
