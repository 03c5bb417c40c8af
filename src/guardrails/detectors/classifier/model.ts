import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { defaultStride, frameOf, padBatch, softmaxRows, textChunks, windowsOf, type Frame } from './windows.js';

/** One text to classify, with the window geometry of the detector that asked. */
export interface TextJob {
  text: string;
  maxLength: number;
  /** Tokens between window starts; 0 for the default. */
  stride: number;
}

/** Per text: each label's highest probability over the text's windows, and the window it came from. */
export interface TextScores {
  maxProbs: number[];
  argmaxWindow: number[];
  windows: number;
}

export interface ClassifyResult {
  scores: TextScores[];
  /** onnxruntime runs this call made (windows / batchSize, rounded up). */
  runs: number;
  windows: number;
  /** The most windows in one run. */
  largestRun: number;
}

/** A loaded model: tokenizer, onnxruntime session and what its inputs need. Lives in a worker thread. */
export interface ClassifierModel {
  readonly inputNames: readonly string[];
  readonly labels: number;
  classify(jobs: readonly TextJob[], batchSize: number): Promise<ClassifyResult>;
  release(): Promise<void>;
}

const TOKEN_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);
/** Characters tokenised at once: the tokenizer's cost per token grows with the text it is given. */
const CHUNK_CHARS = 2048;

/**
 * Loads the folder's tokenizer (with @huggingface/tokenizers, from tokenizer.json and, when present,
 * tokenizer_config.json) and model.onnx, and checks the model is one this code can feed: inputs among
 * input_ids / attention_mask / token_type_ids, int64 or int32, and logits of one row per label. Throws an
 * Error that says what does not fit.
 */
export async function loadClassifierModel(dir: string, threads: number): Promise<ClassifierModel> {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { id2label: Record<string, string>; pad_token_id?: unknown };
  const labels = Object.keys(config.id2label).length;
  const tokenizer = loadTokenizer(dir);
  const frame = frameOf(tokenizer.encode('hello world').ids, tokenizer.encode('hello world', { add_special_tokens: false }).ids);
  if (!frame) throw new Error('tokenizer.json: its post-processor does not frame a text with special tokens the way a classifier expects');
  const padId = typeof config.pad_token_id === 'number' ? config.pad_token_id : (tokenizer.token_to_id('[PAD]') ?? tokenizer.token_to_id('<pad>') ?? 0);
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
    logSeverityLevel: 3,
  });
  const input = checkInputs(session);
  const output = session.outputNames.includes('logits') ? 'logits' : (session.outputNames[0] as string);
  const loaded: LoadedModel = { tokenizer, frame, session, input, output, padId, labels };
  const model: ClassifierModel = {
    inputNames: input.names,
    labels,
    classify: (jobs, batchSize) => classify(loaded, jobs, batchSize),
    release: () => session.release(),
  };
  // One run at load: a model whose output does not fit fails here, at start, not on the first request.
  await model.classify([{ text: 'hello world', maxLength: 16, stride: 0 }], 1);
  return model;
}

/** What a classification needs of the loaded folder. */
interface LoadedModel {
  tokenizer: Tokenizer;
  frame: Frame;
  session: ort.InferenceSession;
  input: { names: string[]; int32: boolean };
  output: string;
  padId: number;
  labels: number;
}

/** Every text's windows, run in batches of `batchSize`, folded into per-text maxima. */
async function classify(model: LoadedModel, jobs: readonly TextJob[], batchSize: number): Promise<ClassifyResult> {
  const { windows, owners } = windowJobs(model, jobs);
  const { labels } = model;
  const scores: TextScores[] = jobs.map(() => ({ maxProbs: new Array<number>(labels).fill(0), argmaxWindow: new Array<number>(labels).fill(0), windows: 0 }));
  let runs = 0;
  let largestRun = 0;
  for (let from = 0; from < windows.length; from += batchSize) {
    const chunk = windows.slice(from, from + batchSize);
    const probs = await runBatch(model, chunk);
    runs += 1;
    largestRun = Math.max(largestRun, chunk.length);
    probs.forEach((row, i) => {
      foldWindow(scores[owners[from + i] as number] as TextScores, row, labels);
    });
  }
  return { scores, runs, windows: windows.length, largestRun };
}

/** The token windows of every job, and for each window the index of the job it came from. */
function windowJobs({ tokenizer, frame }: LoadedModel, jobs: readonly TextJob[]): { windows: number[][]; owners: number[] } {
  const owners: number[] = [];
  const windows: number[][] = [];
  for (const [j, job] of jobs.entries()) {
    const ids = textChunks(job.text, CHUNK_CHARS).flatMap((chunk) => tokenizer.encode(chunk, { add_special_tokens: false }).ids);
    for (const w of windowsOf(ids, frame, job.maxLength, job.stride || defaultStride(job.maxLength, frame))) {
      windows.push(w);
      owners.push(j);
    }
  }
  return { windows, owners };
}

/** One window's probabilities into its text's maxima. */
function foldWindow(s: TextScores, row: readonly number[], labels: number): void {
  for (let l = 0; l < labels; l++) {
    if ((row[l] as number) > (s.maxProbs[l] as number)) {
      s.maxProbs[l] = row[l] as number;
      s.argmaxWindow[l] = s.windows;
    }
  }
  s.windows += 1;
}

/** One onnxruntime run over a batch of windows: softmax probabilities, one row per window. */
async function runBatch({ session, input, output, padId, labels }: LoadedModel, windows: number[][]): Promise<number[][]> {
  const padded = padBatch(windows, padId);
  const dims = [padded.batch, padded.length];
  const tensor = (data: BigInt64Array) => (input.int32 ? new ort.Tensor('int32', Int32Array.from(data, Number), dims) : new ort.Tensor('int64', data, dims));
  const feeds: Record<string, ort.Tensor> = { input_ids: tensor(padded.ids) };
  if (input.names.includes('attention_mask')) feeds.attention_mask = tensor(padded.mask);
  if (input.names.includes('token_type_ids')) feeds.token_type_ids = tensor(new BigInt64Array(padded.ids.length));
  const logits = (await session.run(feeds))[output];
  if (logits?.dims.length !== 2 || logits.dims[0] !== padded.batch || logits.dims[1] !== labels) {
    throw new Error(
      `model.onnx: output ${output} has shape [${logits?.dims.join(', ') ?? ''}], expected [${padded.batch}, ${labels}] (one logit per label of config.json)`,
    );
  }
  return softmaxRows(logits.data as Float32Array, padded.batch, labels);
}

function loadTokenizer(dir: string): Tokenizer {
  const json = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as object;
  const configFile = join(dir, 'tokenizer_config.json');
  const config = statSync(configFile, { throwIfNoEntry: false })?.isFile() ? (JSON.parse(readFileSync(configFile, 'utf8')) as object) : {};
  return new Tokenizer(json, config);
}

function checkInputs(session: ort.InferenceSession): { names: string[]; int32: boolean } {
  const names = [...session.inputNames];
  const unknown = names.filter((n) => !TOKEN_INPUTS.has(n));
  if (!names.includes('input_ids') || unknown.length > 0) {
    throw new Error(`model.onnx: inputs are ${names.join(', ')}; a sequence classifier takes input_ids (and attention_mask, token_type_ids)`);
  }
  const types = new Set(session.inputMetadata.map((m) => (m.isTensor ? m.type : 'other')));
  if (types.size !== 1 || !(types.has('int64') || types.has('int32')))
    throw new Error(`model.onnx: token inputs must all be int64 (or all int32), found ${[...types].join(', ')}`);
  return { names, int32: types.has('int32') };
}
