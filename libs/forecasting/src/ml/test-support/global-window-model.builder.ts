import type { DenseLayer } from '../mlp';
import type { GlobalWindowModel } from '../global-window-model';

/** A 2-input, 2-output net: relu(x) then copy, so outputs equal the positive inputs and 0 for negative ones. */
export const IDENTITY_NET: DenseLayer[] = [
  {
    weights: [
      [1, 0],
      [0, 1],
    ],
    bias: [0, 0],
    activation: 'relu',
  },
  {
    weights: [
      [1, 0],
      [0, 1],
    ],
    bias: [0, 0],
    activation: 'linear',
  },
];

/**
 * A trained-looking global model from hand-made nets, for specs that work its forecasts out by hand: by default 2
 * steps from 2 inputs with no season (the shape of IDENTITY_NET), no training behind it.
 */
export function aGlobalWindowModel(
  parts: Partial<GlobalWindowModel> & Pick<GlobalWindowModel, 'members'>,
): GlobalWindowModel {
  return {
    m: 1,
    h: 2,
    inputLength: 2,
    levelSpan: 2,
    hiddenUnits: 2,
    windows: 0,
    epochs: 0,
    stoppedBy: 'epochs',
    trainMs: 0,
    backend: 'cpu',
    ...parts,
  };
}
