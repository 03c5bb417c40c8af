/**
 * How fast onnxruntime multiplies matrices of a real prompt-guard model's shapes on this CPU, so the latency
 * of Prompt Guard 2 (22M, 86M), which this machine cannot download, can be estimated from its FLOPs per
 * window. The calibration model is one transformer feed-forward block (hidden -> 4 x hidden -> hidden) at the
 * model's hidden size, on one 512-token window; its FLOPs are known exactly, so runs give GFLOP/s.
 */
import onnxProto, { type onnx as Onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';

const { onnx } = onnxProto;

/** The architectures behind the Prompt Guard 2 checkpoints (DeBERTa-v3 xsmall / mDeBERTa-v3 base backbones). */
export interface Architecture {
  name: string;
  layers: number;
  hidden: number;
  ffn: number;
}

export const PROMPT_GUARD_2: readonly Architecture[] = [
  { name: 'Prompt Guard 2 22M (DeBERTa-v3-xsmall: 12 layers, hidden 384)', layers: 12, hidden: 384, ffn: 1536 },
  { name: 'Prompt Guard 2 86M (mDeBERTa-v3-base: 12 layers, hidden 768)', layers: 12, hidden: 768, ffn: 3072 },
];

/**
 * FLOPs of one forward pass over `tokens` tokens (multiply-add = 2 FLOPs): per layer the Q, K, V and output
 * projections (4 d^2 per token) and the feed-forward block (2 d f per token), plus attention scores and
 * their use on values (2 T^2 d each), doubled for DeBERTa's disentangled content-to-position and
 * position-to-content terms. Embedding lookups cost no FLOPs; the classification head is negligible.
 */
export function flopsPerWindow(a: Architecture, tokens: number): number {
  const linear = 2 * tokens * (4 * a.hidden * a.hidden + 2 * a.hidden * a.ffn);
  const attention = 2 * (2 * 2 * tokens * tokens * a.hidden);
  return a.layers * (linear + attention);
}

function weights(name: string, rows: number, cols: number): Onnx.ITensorProto {
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = ((i * 2654435761) % 1000) / 1e5 - 0.005;
  return { name, dims: [rows, cols], dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer) };
}

/** A [1, T, d] -> [1, T, d] feed-forward block as an ONNX model, serialised. */
function feedForwardModel(hidden: number, ffn: number): Uint8Array {
  const input: Onnx.IValueInfoProto = {
    name: 'x',
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimParam: 'T' }, { dimValue: hidden }] } } },
  };
  const output: Onnx.IValueInfoProto = {
    name: 'y',
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }, { dimParam: 'T' }, { dimValue: hidden }] } } },
  };
  const model: Onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'ffn',
      node: [
        { opType: 'MatMul', input: ['x', 'w1'], output: ['h'] },
        { opType: 'Relu', input: ['h'], output: ['a'] },
        { opType: 'MatMul', input: ['a', 'w2'], output: ['y'] },
      ],
      initializer: [weights('w1', hidden, ffn), weights('w2', ffn, hidden)],
      input: [input],
      output: [output],
    },
  };
  return onnx.ModelProto.encode(model).finish();
}

/** Median GFLOP/s of onnxruntime on a feed-forward block of this hidden size over one window of `tokens`. */
export async function matmulGflops(hidden: number, ffn: number, tokens: number, threads: number, runs = 12): Promise<number> {
  const session = await ort.InferenceSession.create(feedForwardModel(hidden, ffn), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionProviders: ['cpu'],
  });
  const x = new ort.Tensor('float32', new Float32Array(tokens * hidden).fill(0.01), [1, tokens, hidden]);
  const flops = 2 * tokens * 2 * hidden * ffn;
  for (let i = 0; i < 3; i++) await session.run({ x });
  const rates: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await session.run({ x });
    rates.push(flops / ((performance.now() - t0) / 1000) / 1e9);
  }
  await session.release();
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] as number;
}
