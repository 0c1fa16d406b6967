import type { ActiveModel } from '@bsc/app-kit';
import { BscError, BscErrorCode } from '@bsc/common';
import { twoPlantsModel } from '../signals/testing/two-plants.model';
import type { Principal } from '../auth/principal';
import { ModelEditService } from './model-edit.service';
import { ModelService } from './model.service';

const WHOLE_MODEL: Principal = { subject: 'eng-all', role: 'engineer', units: null, via: 'jwt' };
const NORTH_ONLY: Principal = { subject: 'eng-north', role: 'engineer', units: ['plant-north'], via: 'jwt' };

function catching(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe(ModelService.name, () => {
  let sut: ModelService;

  beforeEach(() => {
    // each plant's line on MQTT, Sparkplug and OPC UA: the document names every binding
    const model = twoPlantsModel();
    const activeModel = { current: () => ({ model, version: 1 }) } as unknown as ActiveModel;
    sut = new ModelService(activeModel, new ModelEditService(activeModel), null);
  });

  it('serves the whole document, every binding included, to a caller granted every unit', () => {
    const document = sut.document(WHOLE_MODEL, 'json');

    expect(document).toContain('"topic": "plant/south/line"');
    expect(document).toContain('"endpoint": "opc.tcp://south-plc:4840"');
  });

  // a document pruned to the caller's units and imported back would delete the other units' parts
  it('refuses the document to a caller scoped to some units, as it refuses their model edits', () => {
    const refusal = catching(() => sut.document(NORTH_ONLY, 'yaml'));

    expect(refusal).toBeInstanceOf(BscError);
    expect(refusal).toMatchObject({
      code: BscErrorCode.Forbidden,
      message: 'the model document and its bindings need a grant on all org units; eng-north is limited to plant-north',
    });
  });
});
