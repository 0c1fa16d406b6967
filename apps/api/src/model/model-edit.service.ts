import { Inject, Injectable } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { BscError, BscErrorCode } from '@bsc/common';
import { serializeModel, validateModel, type ModelIssue, type TwinModel } from '@bsc/twin';
import { displayName, type Principal } from '../auth/principal';

/** The model in its file form (signal sources nested as `{ opcua: {...} }`): what users write and edits apply to. */
export type ModelDocument = Omit<TwinModel, 'signals'> & { signals: Array<Record<string, unknown>> };

export interface ModelChange {
  ok: boolean;
  version: number | null;
  issues: ModelIssue[];
}

/**
 * Every change to the twin (import, node and link edits) goes through here: validated as a whole model, stored as
 * a new version, announced on the bus. Invalid changes store nothing and return their issues.
 */
@Injectable()
export class ModelEditService {
  constructor(@Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel) {}

  /** Validates raw model data and stores it as the new active version when valid. */
  async importRaw(principal: Principal, raw: unknown): Promise<ModelChange> {
    assertWholeModelGrant(principal, 'model changes');
    const { model, issues } = validateModel(raw);
    if (!model || issues.length > 0) return { ok: false, version: null, issues };
    // ACTIVE_MODEL stores the version, announces 'model.imported' and notifies its listeners
    const { snapshot } = await this.activeModel.import(model, displayName(principal));
    return { ok: true, version: snapshot.version, issues: [] };
  }

  /** Applies an edit to the current model's document form, then imports it like any document. */
  async apply(principal: Principal, edit: (document: ModelDocument) => void): Promise<ModelChange> {
    // before the edit: its own errors (no such entry, one already there) would tell a scoped caller what exists
    assertWholeModelGrant(principal, 'model changes');
    const draft = JSON.parse(serializeModel(this.activeModel.current().model, 'json')) as ModelDocument;
    edit(draft);
    return this.importRaw(principal, draft);
  }
}

/**
 * The model is one document: whoever changes it can change every unit, and whoever reads it reads every unit's
 * bindings, so only unscoped grants may do either. `what` names the refused operation in the message.
 */
export function assertWholeModelGrant(principal: Principal, what: string): void {
  if (principal.units !== null) {
    throw new BscError(
      BscErrorCode.Forbidden,
      `${what} need a grant on all org units; ${principal.subject} is limited to ${principal.units.join(', ')}`,
    );
  }
}
