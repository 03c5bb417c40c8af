import { appendFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where batches a sink refused as malformed go (`dead-letter.jsonl` in the spool directory), so that a
 * poison batch is neither retried forever nor lost. Past `maxBytes` the file is renamed to
 * `dead-letter.1.jsonl` (replacing the previous one), which bounds it at twice `maxBytes`.
 */
export class DeadLetterFile {
  readonly path: string;
  readonly #rotated: string;
  readonly #maxBytes: number;
  #size: number | undefined;

  constructor(dir: string, maxBytes: number) {
    this.path = join(dir, 'dead-letter.jsonl');
    this.#rotated = join(dir, 'dead-letter.1.jsonl');
    this.#maxBytes = maxBytes;
  }

  async write(lines: readonly string[]): Promise<void> {
    this.#size ??= await stat(this.path).then(
      (s) => s.size,
      () => 0,
    );
    if (this.#size >= this.#maxBytes) {
      await rename(this.path, this.#rotated);
      this.#size = 0;
    }
    const data = `${lines.join('\n')}\n`;
    await appendFile(this.path, data, { mode: 0o600 });
    this.#size += Buffer.byteLength(data);
  }
}
