export const ROLES = ['admin', 'engineer', 'strategist', 'viewer'] as const;
/**
 * - admin: everything.
 * - engineer: the twin model, bindings and signals; reads all.
 * - strategist: targets, initiatives, manual KPI values; reads all.
 * - viewer: reads.
 */
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling, after authentication. */
export interface Principal {
  /** JWT `sub` or `apikey:<id>`. */
  subject: string;
  role: Role;
  /** Org units granted (each with its subtree); null = every unit. */
  units: readonly string[] | null;
  via: 'jwt' | 'api_key';
}
