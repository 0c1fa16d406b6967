import type { ModelIssue } from '../model/twin-model.types';

/** Builds `kpis[3].formula`-style paths. */
export function issuePath(...parts: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Converts a JSON pointer (`/kpis/3/formula`) to our path form (`kpis[3].formula`). */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  const parts = pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
  return issuePath(...parts);
}

/** Collects issues, dropping exact duplicates (several rules may reach the same fault). */
export class IssueCollector {
  private readonly seen = new Set<string>();
  readonly issues: ModelIssue[] = [];

  add(path: string, message: string): void {
    const key = `${path}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.issues.push({ path, message });
  }

  addAll(issues: readonly ModelIssue[]): void {
    for (const issue of issues) this.add(issue.path, issue.message);
  }
}
