import { findUnitIssues } from '../../signals/signal-catalog';
import type { RuleContext } from './rule-context';

/** A signal's sourceUnit must convert to its unit: ingestion refuses a model otherwise, so validation says so first. */
export function unitRule(ctx: RuleContext): void {
  ctx.issues.addAll(findUnitIssues(ctx.model));
}
