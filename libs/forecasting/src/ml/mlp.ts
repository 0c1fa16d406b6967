/** A dense layer: out = act(W·x + b), W stored row-major [out][in]. */
export interface DenseLayer {
  weights: number[][];
  bias: number[];
  activation: 'relu' | 'linear';
}

/** What a saved global window model looks like on disk (models/forecasting/*.json). */
export interface WindowModelFile {
  format: 'bsc-window-mlp/1';
  /** Seasonal period and horizon the model was trained for. */
  m: number;
  h: number;
  /** Input window length. */
  inputLength: number;
  layers: DenseLayer[];
  /** Provenance: data, windows, epochs, validation loss. */
  trainedOn: string;
  /** Weight in the default ensemble; absent or 0: the model is available as method `nn` only. */
  ensembleWeight?: number;
}

/** Plain forward pass: inference needs no TensorFlow at run time. */
export function mlpForward(layers: readonly DenseLayer[], input: readonly number[]): number[] {
  let x = input as number[];
  for (const layer of layers) {
    const out = new Array<number>(layer.bias.length);
    for (let o = 0; o < out.length; o++) {
      const w = layer.weights[o];
      let s = layer.bias[o];
      for (let i = 0; i < x.length; i++) s += w[i] * x[i];
      out[o] = layer.activation === 'relu' && s < 0 ? 0 : s;
    }
    x = out;
  }
  return x;
}
