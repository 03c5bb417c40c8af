/**
 * Writes the small sequence-classification model the `classifier` detector is tested and benchmarked on:
 * a folder laid out like a Hugging Face export (`tokenizer.json`, `config.json`, `model.onnx`), so it goes
 * through exactly the loading, tokenising and inference code an operator's Prompt Guard 2 would.
 *
 *   npx tsx scripts/export-test-classifier.ts [out-dir]    (default test/fixtures/classifier)
 *
 * The model is real ONNX, built node by node with onnx-proto: token and token-type embeddings (Gather),
 * a tanh hidden layer (MatMul + Add), mean pooling under the attention mask, and a linear head to logits
 * [batch, 2] (BENIGN, INJECTION). The tokenizer is a real WordPiece tokenizer.json (BERT normaliser and
 * pre-tokeniser, [CLS] ... [SEP] template). The weights are deterministic, not trained: one embedding
 * dimension carries "instruction-override vocabulary" (words written here from the attack class, not taken
 * from any data set) and the head reads it, so an injection scores high and ordinary text low. It is a
 * test instrument, not a detector to deploy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import onnxProto, { type onnx as Onnx } from 'onnx-proto';

// onnx-proto is CommonJS: its namespace is a property of the default export.
const { onnx } = onnxProto;
import { buildTestTokenizer, TEST_ATTACK_WORDS } from './test-classifier-vocab.js';

export interface TestClassifierOptions {
  /** Declare a token_type_ids input (BERT/DeBERTa exports do; RoBERTa-style ones do not). Default true. */
  tokenTypeIds?: boolean;
  /** Width of the embeddings and hidden layer. Default 32. */
  hidden?: number;
  /** Element type of the token inputs: int64 as most exports, or int32 as some optimised ones. Default int64. */
  idType?: 'int64' | 'int32';
}

const LABELS = ['BENIGN', 'INJECTION'] as const;

/** Writes tokenizer.json, tokenizer_config.json, config.json and model.onnx into `dir`; returns `dir`. */
export function writeTestClassifier(dir: string, options: TestClassifierOptions = {}): string {
  const withTypes = options.tokenTypeIds ?? true;
  const hidden = options.hidden ?? 32;
  const { tokenizer, vocab } = buildTestTokenizer();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'tokenizer.json'), `${JSON.stringify(tokenizer)}\n`);
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    `${JSON.stringify({ model_max_length: 512, do_lower_case: true, tokenizer_class: 'BertTokenizer' }, null, 2)}\n`,
  );
  const config = {
    architectures: ['BertForSequenceClassification'],
    model_type: 'bert',
    id2label: Object.fromEntries(LABELS.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(LABELS.map((l, i) => [l, i])),
    max_position_embeddings: 512,
    hidden_size: hidden,
    pad_token_id: 0,
    type_vocab_size: withTypes ? 2 : 0,
    vocab_size: vocab.length,
  };
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(dir, 'model.onnx'), onnx.ModelProto.encode(buildModel(vocab, hidden, withTypes, options.idType ?? 'int64')).finish());
  return dir;
}

/** A deterministic pseudo-random number in [-1, 1) from two integers (xorshift-style hash). */
function noise(a: number, b: number): number {
  let x = (Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 7, 0x85ebca6b)) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d) >>> 0;
  x ^= x >>> 12;
  return (x / 0x1_0000_0000) * 2 - 1;
}

function floatTensor(name: string, dims: number[], values: Float32Array): Onnx.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

function int64Tensor(name: string, values: number[]): Onnx.ITensorProto {
  const data = BigInt64Array.from(values.map(BigInt));
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, rawData: new Uint8Array(data.buffer) };
}

function node(opType: string, input: string[], output: string[], attribute: Onnx.IAttributeProto[] = []): Onnx.INodeProto {
  return { opType, input, output, name: output[0], attribute };
}

function tokenInput(name: string, idType: 'int64' | 'int32'): Onnx.IValueInfoProto {
  const elemType = idType === 'int32' ? onnx.TensorProto.DataType.INT32 : onnx.TensorProto.DataType.INT64;
  return { name, type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }] } } } };
}

/**
 * Dimension 0 of a token's embedding is its "override" evidence: attack-class words +1, other whole words
 * -0.15, and 0 for special tokens, punctuation, single characters and `##` pieces (so a rare word spelt out
 * in pieces weighs no more than a common one). The other dimensions are small deterministic noise, as in any embedding.
 */
function embeddings(vocab: readonly string[], hidden: number): Float32Array {
  const attack = new Set(TEST_ATTACK_WORDS);
  const table = new Float32Array(vocab.length * hidden);
  vocab.forEach((token, id) => {
    table[id * hidden] = attack.has(token) ? 1 : /^[a-z]{2,}$/.test(token) ? -0.15 : 0;
    for (let d = 1; d < hidden; d++) table[id * hidden + d] = 0.1 * noise(id, d);
  });
  return table;
}

function buildModel(vocab: readonly string[], hidden: number, withTypes: boolean, idType: 'int64' | 'int32'): Onnx.IModelProto {
  // Hidden unit 0 is tanh(2 * evidence); the others mix the noise dimensions and never reach the head.
  const w1 = new Float32Array(hidden * hidden);
  for (let i = 0; i < hidden; i++) for (let j = 0; j < hidden; j++) w1[i * hidden + j] = i === 0 ? (j === 0 ? 2 : 0) : j === 0 ? 0 : 0.3 * noise(100 + i, j);
  const head = new Float32Array(hidden * 2);
  head[1] = 20; // logit(INJECTION) - logit(BENIGN) = 20 * mean(tanh(2 * evidence)) - 2
  const initializer = [
    floatTensor('word_embeddings', [vocab.length, hidden], embeddings(vocab, hidden)),
    floatTensor('dense.weight', [hidden, hidden], w1),
    floatTensor('dense.bias', [hidden], new Float32Array(hidden)),
    floatTensor('classifier.weight', [hidden, 2], head),
    floatTensor('classifier.bias', [2], new Float32Array([1, -1])),
    int64Tensor('axis_1', [1]),
    int64Tensor('axis_2', [2]),
  ];
  const nodes: Onnx.INodeProto[] = [node('Gather', ['word_embeddings', 'input_ids'], ['tokens'])];
  let embedded = 'tokens';
  if (withTypes) {
    const types = new Float32Array(2 * hidden);
    for (let d = 1; d < hidden; d++) types[hidden + d] = 0.01 * noise(200, d);
    initializer.push(floatTensor('token_type_embeddings', [2, hidden], types));
    nodes.push(node('Gather', ['token_type_embeddings', 'token_type_ids'], ['types']), node('Add', ['tokens', 'types'], ['embedded']));
    embedded = 'embedded';
  }
  nodes.push(
    node('MatMul', [embedded, 'dense.weight'], ['dense_mm']),
    node('Add', ['dense_mm', 'dense.bias'], ['dense_out']),
    node('Tanh', ['dense_out'], ['hidden_states']),
    node('Cast', ['attention_mask'], ['mask_f'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }]),
    node('Unsqueeze', ['mask_f', 'axis_2'], ['mask_3d']),
    node('Mul', ['hidden_states', 'mask_3d'], ['masked']),
    node('ReduceSum', ['masked', 'axis_1'], ['summed'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
    node('ReduceSum', ['mask_3d', 'axis_1'], ['count'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
    node('Div', ['summed', 'count'], ['pooled']),
    node('MatMul', ['pooled', 'classifier.weight'], ['head_mm']),
    node('Add', ['head_mm', 'classifier.bias'], ['logits']),
  );
  const inputs = [tokenInput('input_ids', idType), tokenInput('attention_mask', idType), ...(withTypes ? [tokenInput('token_type_ids', idType)] : [])];
  const logits: Onnx.IValueInfoProto = {
    name: 'logits',
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 2 }] } } },
  };
  return {
    irVersion: 8,
    producerName: 'gatehouse/scripts/export-test-classifier.ts',
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name: 'gatehouse_test_classifier', node: nodes, initializer, input: inputs, output: [logits] },
  };
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  const out = resolve(process.argv[2] ?? 'test/fixtures/classifier');
  writeTestClassifier(out);
  process.stdout.write(`wrote the test classifier to ${out}\n`);
}
