/*
 * Offline training of a global window MLP across all series of one benchmark training set
 * (never its test part). Usage, after `npm run build`:
 *   node dist/libs/forecasting/src/ml/train-window-mlp.js --train FILE --period M --horizon H --out models/forecasting/NAME.json
 * The last H points of every training series are held out for early stopping and validation;
 * the saved JSON is read at start by windowMlpForecaster (plain forward pass, no TensorFlow).
 */
import { writeFileSync } from 'fs';
import type * as TF from '@tensorflow/tfjs';
import { readWideCsv } from '../data/wide-csv';
import { DenseLayer, WindowModelFile } from './mlp';
import { levelSpanFor, windowFeatures } from './window-features';

function loadTf(): typeof TF {
  try {
    // the native backend is optional; fall back to the pure-JS cpu backend
    return require('@tensorflow/tfjs-node') as typeof TF;
  } catch {
    return require('@tensorflow/tfjs') as typeof TF;
  }
}

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`missing --${name}`);
  return v;
}

export function inputLengthFor(m: number, h: number): number {
  return m > 1 ? Math.max(3 * m, 2 * h) : Math.max(52, 2 * h);
}

async function main(): Promise<void> {
  const tf = loadTf();
  await tf.setBackend(arg('backend', 'cpu'));
  const m = Number(arg('period'));
  const h = Number(arg('horizon'));
  const epochs = Number(arg('epochs', '30'));
  const perSeries = Number(arg('windows-per-series', '150'));
  const L = inputLengthFor(m, h);
  const span = levelSpanFor(m, L);
  const series = readWideCsv(arg('train')).map((r) => r.values);
  const xs: number[][] = [];
  const ys: number[][] = [];
  const vx: number[][] = [];
  const vy: number[][] = [];
  for (const full of series) {
    const fit = full.slice(0, full.length - h);
    const val = windowFeatures(fit, fit.length, L, span);
    if (val) {
      vx.push(val.x);
      vy.push(full.slice(fit.length).map((v) => v / val.level - 1));
    }
    for (let end = fit.length - h, k = 0; end >= L && k < perSeries; end--, k++) {
      const w = windowFeatures(fit, end, L, span);
      if (!w) continue;
      xs.push(w.x);
      ys.push(fit.slice(end, end + h).map((v) => Math.max(-5, Math.min(5, v / w.level - 1))));
    }
  }
  process.stderr.write(`windows: ${xs.length} train, ${vx.length} validation; input ${L}, level span ${span}\n`);
  // seeded initialisers: retraining on the same data reproduces the saved model
  const init = (seed: number) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [L], units: 64, activation: 'relu', kernelInitializer: init(1) }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tf.layers.dense({ units: h, kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanAbsoluteError' });
  const X = tf.tensor2d(xs);
  const Y = tf.tensor2d(ys);
  const VX = tf.tensor2d(vx);
  const VY = tf.tensor2d(vy);
  let best = Infinity;
  let bestLayers: DenseLayer[] = [];
  let bestEpoch = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    await model.fit(X, Y, { epochs: 1, batchSize: 256, shuffle: true, verbose: 0 });
    const loss = (model.evaluate(VX, VY) as TF.Scalar).dataSync()[0];
    process.stderr.write(`epoch ${epoch}: validation MAE ${loss.toFixed(5)}\n`);
    if (loss < best) {
      best = loss;
      bestEpoch = epoch;
      bestLayers = model.layers.map((layer, i) => {
        const [kernel, bias] = layer.getWeights();
        const k = kernel.arraySync() as number[][];
        return {
          weights: Array.from({ length: k[0].length }, (_, o) => k.map((row) => row[o])),
          bias: Array.from(bias.dataSync()),
          activation: i < model.layers.length - 1 ? 'relu' : 'linear',
        };
      });
    } else if (epoch - bestEpoch >= 5) break;
  }
  const file: WindowModelFile = {
    format: 'bsc-window-mlp/1',
    m,
    h,
    inputLength: L,
    layers: bestLayers,
    trainedOn: `${arg('train').split('/').slice(-2).join('/')} minus the last ${h} points per series; ${xs.length} windows; best epoch ${bestEpoch}, validation MAE ${best.toFixed(5)}`,
  };
  writeFileSync(arg('out'), JSON.stringify(file));
  process.stderr.write(`saved ${arg('out')}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
