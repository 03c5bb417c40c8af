import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the gateway reads from a model folder's config.json before any worker loads the model. */
export interface ModelFolder {
  /** Absolute folder path. */
  dir: string;
  /** id2label, in id order: index i is the label of logit i. */
  labels: string[];
  /** Ids of the labels that count as an attack. */
  positive: number[];
  /** Tokens per window, special tokens included. */
  maxLength: number;
}

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'model.onnx'] as const;
/** Label names that mean "attack" in the models operators bring (Prompt Guard, ProtectAI, ...). */
const ATTACK_LABEL = /injection|jailbreak|malicious|unsafe|attack|harmful/i;
const DEFAULT_MAX_LENGTH = 512;

/**
 * Checks the folder holds a model and reads its labels and window length. Throws a TypeError that says
 * what is wrong (missing file, unreadable config.json, no id2label, unknown label), so a bad folder stops
 * `gatehouse check` and the start rather than failing requests.
 */
export function readModelFolder(path: string, baseDir: string, wanted: { labels?: string[] | undefined; maxLength?: number | undefined }): ModelFolder {
  const dir = resolve(baseDir, path);
  if (!isDirectory(dir)) throw new TypeError(`options.path: ${dir} is not a folder`);
  for (const file of REQUIRED_FILES) {
    if (!isFile(join(dir, file)))
      throw new TypeError(`options.path: ${dir} has no ${file} (a Hugging Face model exported to ONNX has config.json, tokenizer.json and model.onnx)`);
  }
  const config = readJson(join(dir, 'config.json'));
  const labels = id2label(config.id2label);
  if (!labels)
    throw new TypeError(`options.path: ${join(dir, 'config.json')} has no id2label naming labels 0..n-1 (n >= 2): not a sequence-classification model`);
  const positive = positiveLabels(labels, wanted.labels);
  const positions =
    typeof config.max_position_embeddings === 'number' && config.max_position_embeddings > 0 ? config.max_position_embeddings : DEFAULT_MAX_LENGTH;
  // Past its position embeddings a model fails on every long text: refused here rather than at request time.
  if (wanted.maxLength !== undefined && wanted.maxLength > positions)
    throw new TypeError(`options.maxLength: ${wanted.maxLength} is more than the model's max_position_embeddings (${positions})`);
  return { dir, labels, positive, maxLength: wanted.maxLength ?? Math.min(DEFAULT_MAX_LENGTH, positions) };
}

function positiveLabels(labels: readonly string[], wanted: readonly string[] | undefined): number[] {
  if (wanted) {
    return wanted.map((name) => {
      const id = labels.indexOf(name);
      if (id < 0) throw new TypeError(`options.labels: "${name}" is not a label of this model (labels: ${labels.join(', ')})`);
      return id;
    });
  }
  const named = labels.flatMap((label, id) => (ATTACK_LABEL.test(label) ? [id] : []));
  if (named.length > 0) return named;
  if (labels.length === 2 && labels[1] === 'LABEL_1') return [1];
  throw new TypeError(`options.labels: cannot tell which of the labels ${labels.join(', ')} is the attack: name it (see the model card)`);
}

function id2label(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  const labels: string[] = [];
  for (const [key, label] of entries) {
    const id = Number(key);
    if (!Number.isInteger(id) || id < 0 || id >= entries.length || typeof label !== 'string' || label === '') return undefined;
    labels[id] = label;
  }
  return labels.length >= 2 && labels.every((l) => typeof l === 'string') ? labels : undefined;
}

function readJson(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TypeError(`options.path: cannot read ${file} (${err instanceof SyntaxError ? 'not JSON' : ((err as NodeJS.ErrnoException).code ?? 'error')})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError(`options.path: ${file} is not a JSON object`);
  return parsed as Record<string, unknown>;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
