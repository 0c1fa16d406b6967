export const ROLES = ['admin', 'engineer', 'strategist', 'viewer'] as const;
/**
 * - admin: everything.
 * - engineer: the twin model, bindings and signals; reads all.
 * - strategist: targets, initiatives, manual KPI values; reads all.
 * - viewer: reads.
 */
export type Role = (typeof ROLES)[number];

/** The actor as people read it in audit fields ("acknowledged by"): a name, never a bare key id when one exists. */
export function displayName(principal: Principal): string {
  return principal.name ?? principal.subject;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling, after authentication. */
export interface Principal {
  /** JWT `sub` or `apikey:<id>`. */
  subject: string;
  /** Who to show as the actor: the API key's name, or the token's `name` claim; absent = the subject. */
  name?: string;
  role: Role;
  /** Org units granted (each with its subtree); null = every unit. */
  units: readonly string[] | null;
  via: 'jwt' | 'api_key';
}
