import { Inject, Injectable, Optional } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { BscError, BscErrorCode } from '@bsc/common';
import { parseModelText, serializeModel } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { MODEL_CATALOG, type ModelCatalog } from '../stores/model-catalog.store';
import type { LinkInput, ModelCollection, ModelVersionType } from './dto/model.types';
import { assertWholeModelGrant, ModelEditService, type ModelChange } from './model-edit.service';

/** Largest model document accepted (characters); the demo model is ~40 kB. */
export const MAX_MODEL_DOCUMENT = 5_000_000;

type Entry = { id: string };

@Injectable()
export class ModelService {
  constructor(
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    private readonly edits: ModelEditService,
    @Optional() @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog | null,
  ) {}

  async versions(): Promise<ModelVersionType[]> {
    const rows = this.catalog
      ? await this.catalog.list()
      : [
          {
            ...this.activeModel.current(),
            modelId: this.activeModel.current().model.id,
            importedBy: 'system',
            active: true,
          },
        ];
    return rows.map((v) => ({
      modelId: v.modelId,
      version: v.version,
      importedAt: new Date(v.importedAt),
      importedBy: v.importedBy,
      active: v.active,
    }));
  }

  /** Whole or not at all: a document pruned to some units, imported back, would delete the other units' parts. */
  document(principal: Principal, format: 'yaml' | 'json'): string {
    assertWholeModelGrant(principal, 'the model document and its bindings');
    return serializeModel(this.activeModel.current().model, format);
  }

  async import(principal: Principal, document: string, format: 'yaml' | 'json'): Promise<ModelChange> {
    if (document.length > MAX_MODEL_DOCUMENT)
      throw new BscError(BscErrorCode.BadInput, `document: larger than ${MAX_MODEL_DOCUMENT} characters`, 'document');
    const parsed = parseModelText(document, format);
    if ('issues' in parsed) return { ok: false, version: null, issues: parsed.issues };
    const raw = parsed.data;
    return this.edits.importRaw(principal, raw);
  }

  upsertNode(principal: Principal, collection: ModelCollection, definition: string): Promise<ModelChange> {
    let entry: Entry;
    try {
      entry = JSON.parse(definition) as Entry;
    } catch (error) {
      throw new BscError(
        BscErrorCode.BadInput,
        `input.definition: not valid JSON: ${(error as Error).message}`,
        'input.definition',
      );
    }
    if (typeof entry !== 'object' || entry === null || typeof entry.id !== 'string') {
      throw new BscError(
        BscErrorCode.BadInput,
        'input.definition: must be a JSON object with a string id',
        'input.definition',
      );
    }
    return this.edits.apply(principal, (model) => {
      const list = model[collection] as unknown as Entry[];
      const at = list.findIndex((e) => e.id === entry.id);
      if (at >= 0) list[at] = entry;
      else list.push(entry);
    });
  }

  deleteNode(principal: Principal, collection: ModelCollection, id: string): Promise<ModelChange> {
    return this.edits.apply(principal, (model) => {
      const list = model[collection] as unknown as Entry[];
      const at = list.findIndex((e) => e.id === id);
      if (at < 0) throw new BscError(BscErrorCode.NotFound, `id: no ${collection} entry '${id}'`, 'id');
      list.splice(at, 1);
    });
  }

  setLink(principal: Principal, link: LinkInput, remove: boolean): Promise<ModelChange> {
    return this.edits.apply(principal, (model) => {
      if (link.edgeType) {
        model.edges = model.edges.filter(
          (e) => !(e.from === link.from && e.to === link.to && e.type === link.edgeType),
        );
        if (!remove) model.edges.push({ from: link.from, to: link.to, type: link.edgeType });
        return;
      }
      const before = model.links.length;
      const kept = model.links.filter((l) => !(l.from === link.from && l.to === link.to));
      if (remove && kept.length === before)
        throw new BscError(BscErrorCode.NotFound, `input: no link ${link.from} -> ${link.to}`, 'input');
      model.links = kept;
      if (!remove)
        model.links.push({
          from: link.from,
          to: link.to,
          lag: link.lag ?? '30d',
          polarity: link.polarity ?? 'positive',
          hypothesis: link.hypothesis,
        });
    });
  }
}
