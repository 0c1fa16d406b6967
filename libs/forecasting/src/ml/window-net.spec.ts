import { seededRandom } from '../period-end/seeded-random';
import { loadTensorFlow } from './global-window-model';
import { trainWindowNet, windowNet, type WindowNetShape } from './window-net';

describe(trainWindowNet.name, () => {
  // 600 windows: two whole batches of 256 and a last one of 88, as fit cuts them
  const shape: WindowNetShape = { L: 6, h: 2, units: 4 };
  const random = seededRandom(20261207);
  const data = {
    x: Array.from({ length: 600 }, () => Array.from({ length: shape.L }, () => random() - 0.5)),
    y: Array.from({ length: 600 }, () => Array.from({ length: shape.h }, () => random() - 0.5)),
  };
  const epochs = 3;

  it("gives fit's weights and epoch losses bit for bit (fit's batches in order, shuffling off)", async () => {
    const { tf } = await loadTensorFlow();
    // the reference: the loop the training ran before, one fit of one epoch at a time
    const reference = windowNet(tf, shape, 7);
    const X = tf.tensor2d(data.x);
    const Y = tf.tensor2d(data.y);
    const fitLosses: number[] = [];
    for (let e = 0; e < epochs; e++) {
      const history = await reference.fit(X, Y, { epochs: 1, batchSize: 256, shuffle: false, verbose: 0 });
      fitLosses.push(Number(history.history.loss[0]));
    }
    const fitWeights = reference.layers.map((layer) => layer.getWeights().map((w) => Array.from(w.dataSync())));
    X.dispose();
    Y.dispose();
    reference.dispose();

    const losses: number[] = [];
    const run = { maxEpochs: epochs, deadline: Infinity, onEpoch: (_: number, loss: number) => losses.push(loss) };
    const sut = await trainWindowNet(tf, data, shape, 7, run);

    expect(sut).toMatchObject({ epochs, stopped: false });
    expect(losses).toEqual(fitLosses);
    // DenseLayer weights are [out][in]; tf's kernel is [in][out], flattened row by row
    const weights = sut.layers.map((layer) => [
      Array.from({ length: layer.weights[0].length }, (_, i) => layer.weights.map((row) => row[i])).flat(),
      layer.bias,
    ]);
    expect(weights).toEqual(fitWeights);
  });
});
