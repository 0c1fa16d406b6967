/** A dense layer: out = act(W·x + b), W stored row-major [out][in]. */
export interface DenseLayer {
  weights: number[][];
  bias: number[];
  activation: 'relu' | 'linear';
}

/** Plain forward pass: after training, inference needs no TensorFlow. */
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

/** The members' outputs averaged, output by output (an ensemble of nets with the same input and output). */
export function ensembleForward(members: readonly (readonly DenseLayer[])[], input: readonly number[]): number[] {
  const outputs = members.map((layers) => mlpForward(layers, input));
  return outputs[0].map((_, o) => outputs.reduce((s, out) => s + out[o], 0) / outputs.length);
}
