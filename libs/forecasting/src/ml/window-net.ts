import type * as TF from '@tensorflow/tfjs';
import type { DenseLayer } from './mlp';

const BATCH_SIZE = 256;

/** The window net's shape: L inputs, two hidden layers of `units`, h outputs. */
export interface WindowNetShape {
  L: number;
  h: number;
  units: number;
}

/** The compiled net of one member, its initial weights from `seed`. */
export function windowNet(tf: typeof TF, { L, h, units }: WindowNetShape, seed: number): TF.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [L], units, activation: 'relu', kernelInitializer: init(1) }));
  model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tf.layers.dense({ units: h, kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanAbsoluteError' });
  return model;
}

interface Batch {
  x: TF.Tensor2D;
  y: TF.Tensor2D;
  size: number;
}

/**
 * One net of the ensemble: trained on the windows in its own seeded order, its weights read out. The windows are cut
 * into batches once, in the order `fit` takes them with shuffling off, and each epoch runs one step per batch: `fit`
 * gathered every batch's rows out of the whole set again in every epoch, a sixth of the training's CPU at 20,000
 * windows. The steps, so the weights, are the same (window-net.spec.ts holds them against `fit`'s).
 */
export async function trainWindowNet(
  tf: typeof TF,
  data: { x: number[][]; y: number[][] },
  shape: WindowNetShape,
  seed: number,
  run: { maxEpochs: number; deadline: number; onEpoch: (epoch: number, loss: number) => void },
): Promise<{ layers: DenseLayer[]; epochs: number; stopped: boolean }> {
  const model = windowNet(tf, shape, seed);
  const batches: Batch[] = [];
  for (let start = 0; start < data.x.length; start += BATCH_SIZE) {
    const x = tf.tensor2d(data.x.slice(start, start + BATCH_SIZE));
    batches.push({ x, y: tf.tensor2d(data.y.slice(start, start + BATCH_SIZE)), size: x.shape[0] });
  }
  let epochs = 0;
  let stopped = false;
  try {
    while (epochs < run.maxEpochs) {
      if (epochs > 0 && Date.now() >= run.deadline) {
        stopped = true;
        break;
      }
      const loss = await trainEpoch(model, batches);
      epochs++;
      run.onEpoch(epochs, loss);
    }
    const layers: DenseLayer[] = model.layers.map((layer, i) => {
      const [kernel, bias] = layer.getWeights();
      const k = kernel.arraySync() as number[][];
      return {
        weights: Array.from({ length: k[0].length }, (_, o) => k.map((row) => row[o])),
        bias: Array.from(bias.dataSync()),
        activation: i < model.layers.length - 1 ? 'relu' : 'linear',
      };
    });
    return { layers, epochs, stopped };
  } finally {
    for (const { x, y } of batches) {
      x.dispose();
      y.dispose();
    }
    model.dispose();
  }
}

/**
 * One pass over the batches; its loss is the batches' losses weighted by their sizes, in float32 as `fit`'s logger
 * sums its tensors (so the progress reports the same number).
 */
async function trainEpoch(model: TF.Sequential, batches: readonly Batch[]): Promise<number> {
  let total = 0;
  let seen = 0;
  for (const { x, y, size } of batches) {
    const loss = (await model.trainOnBatch(x, y)) as number;
    total = Math.fround(total + Math.fround(loss * size));
    seen += size;
  }
  return Math.fround(Math.fround(1 / seen) * total);
}
