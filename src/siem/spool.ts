import { mkdir, open, readdir, readFile, rename, truncate, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log/logger.js';
import { looseModes } from '../storage/private-file.js';

export interface SpoolOptions {
  /** Cap on the segment files together; past it the oldest segments are deleted and their events counted. */
  maxBytes: number;
  /** Size at which the tail segment is closed and a new one started; default maxBytes/16, at most 8 MiB. */
  segmentBytes?: number;
  logger: Logger;
}

interface Segment {
  seq: number;
  /** Bytes in the file: complete lines only. */
  bytes: number;
  /** Lines in the file not yet acknowledged. */
  pending: number;
}

/** The batch handed out by `take` and not yet acknowledged or released. */
interface InFlight {
  seq: number;
  count: number;
  bytes: number;
  /** Its segment was deleted by the disk cap while it was out. */
  stale: boolean;
}

const SEGMENT = /^seg-(\d{12})\.jsonl$/;
const CURSOR = 'cursor.json';

/**
 * An append-only on-disk queue of lines (one JSON value each): segment files `seg-<seq>.jsonl`, and
 * `cursor.json` naming the first unacknowledged byte, rewritten (write, then rename) after each
 * acknowledged batch. Delivery therefore resumes after a restart at the batch that was in flight:
 * at least once, with at most one batch repeated after a crash. One writer (`append`) and one reader
 * (`take`, then `ack` or `release`) may run concurrently; every file operation is serialised here.
 * Total size is capped: the oldest segments are deleted first, and their undelivered lines counted in
 * `dropped` and logged. A line torn by a crash mid-write is cut off when the spool is opened.
 */
export class Spool {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #segmentBytes: number;
  readonly #log: Logger;
  /** Ascending; the first is the head being read, the last may be the tail being written. */
  readonly #segments: Segment[];
  #nextSeq: number;
  /** Open for appends: always the last segment; undefined until the next append opens a new one. */
  #tail: { seg: Segment; handle: FileHandle } | undefined;
  /** Acknowledged bytes at the start of the head segment. */
  #headOffset: number;
  /** Lines read from the head segment past headOffset, and the file offset read up to. */
  #buffer: Array<{ line: string; bytes: number }> = [];
  #bufferPos = 0;
  #readOffset: number;
  #inFlight: InFlight | undefined;
  #dropped = 0;
  #lock: Promise<unknown> = Promise.resolve();

  private constructor(dir: string, options: SpoolOptions, segments: Segment[], headOffset: number, nextSeq: number) {
    this.#dir = dir;
    this.#maxBytes = options.maxBytes;
    this.#segmentBytes = options.segmentBytes ?? Math.max(1, Math.min(8 * 1024 * 1024, Math.floor(options.maxBytes / 16)));
    this.#log = options.logger;
    this.#segments = segments;
    this.#headOffset = headOffset;
    this.#readOffset = headOffset;
    this.#nextSeq = nextSeq;
  }

  /** Opens (creating it if needed) the spool in `dir`, and recovers its position from the cursor file. */
  static async open(dir: string, options: SpoolOptions): Promise<Spool> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const loose of looseModes([dir]))
      options.logger.warn(loose, 'SIEM spool directory is readable by other users; its events carry identities and decisions (chmod 700 it)');
    const cursor = await readCursor(dir, options.logger);
    const names = (await readdir(dir)).filter((n) => SEGMENT.test(n)).sort();
    const segments: Segment[] = [];
    let headOffset = 0;
    let maxSeq = cursor?.seq ?? 0;
    for (const name of names) {
      const seq = Number(SEGMENT.exec(name)![1]);
      maxSeq = Math.max(maxSeq, seq);
      const path = join(dir, name);
      if (cursor && seq < cursor.seq) {
        await unlink(path);
        continue;
      }
      const content = await readFile(path);
      const complete = content.lastIndexOf(0x0a) + 1;
      if (complete < content.length) {
        options.logger.warn({ segment: name, bytes: content.length - complete }, 'SIEM spool: cut off a line torn by an earlier crash');
        await truncate(path, complete);
      }
      const start = cursor && seq === cursor.seq ? Math.min(cursor.offset, complete) : 0;
      if (segments.length === 0) headOffset = start;
      segments.push({ seq, bytes: complete, pending: countLines(content, start, complete) });
    }
    return new Spool(dir, options, segments, headOffset, maxSeq + 1);
  }

  /** Lines on disk not yet acknowledged (including a batch in flight). */
  get events(): number {
    let n = 0;
    for (const seg of this.#segments) n += seg.pending;
    return n;
  }

  /** Bytes of the segment files. */
  get bytes(): number {
    let n = 0;
    for (const seg of this.#segments) n += seg.bytes;
    return n;
  }

  /** Undelivered lines deleted by the disk cap. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Appends lines (no line breaks inside) in order, deleting the oldest segments past the cap. */
  append(lines: readonly string[]): Promise<void> {
    return this.#locked(async () => {
      let chunk: Buffer[] = [];
      let chunkBytes = 0;
      for (const line of lines) {
        const buf = Buffer.from(`${line}\n`, 'utf8');
        if (chunkBytes > 0 && chunkBytes + buf.length > this.#segmentBytes) {
          await this.#appendChunk(chunk, chunkBytes);
          chunk = [];
          chunkBytes = 0;
        }
        chunk.push(buf);
        chunkBytes += buf.length;
      }
      if (chunkBytes > 0) await this.#appendChunk(chunk, chunkBytes);
    });
  }

  /**
   * The oldest unacknowledged lines: at most `maxLines`, and at most `maxBytes` unless one line alone
   * is larger. Empty when the spool is. One batch at a time: `ack` or `release` it before the next.
   */
  take(maxLines: number, maxBytes = Infinity): Promise<string[]> {
    return this.#locked(async () => {
      if (this.#inFlight) throw new Error('spool: the previous batch is still in flight');
      const seg = this.#segments[0];
      if (!seg) return [];
      if (this.#bufferPos >= this.#buffer.length && this.#readOffset < seg.bytes) await this.#fill(seg);
      const lines: string[] = [];
      let bytes = 0;
      for (let i = this.#bufferPos; i < this.#buffer.length && lines.length < maxLines; i++) {
        const entry = this.#buffer[i]!;
        if (lines.length > 0 && bytes + entry.bytes > maxBytes) break;
        lines.push(entry.line);
        bytes += entry.bytes;
      }
      if (lines.length > 0) this.#inFlight = { seq: seg.seq, count: lines.length, bytes, stale: false };
      return lines;
    });
  }

  /** The batch from `take` was delivered: move the cursor past it. */
  ack(): Promise<void> {
    return this.#locked(async () => {
      const flight = this.#inFlight;
      this.#inFlight = undefined;
      if (!flight || flight.stale) return;
      const seg = this.#segments[0]!;
      this.#bufferPos += flight.count;
      this.#headOffset += flight.bytes;
      seg.pending -= flight.count;
      if (this.#headOffset >= seg.bytes) {
        if (this.#tail?.seg === seg) await this.#closeTail();
        this.#segments.shift();
        this.#resetHead();
        await unlink(this.#segmentPath(seg.seq)).catch(() => undefined);
      }
      await this.#writeCursor();
    });
  }

  /** The batch from `take` was not delivered: it is handed out again by the next `take`. */
  release(): void {
    const flight = this.#inFlight;
    this.#inFlight = undefined;
    // Its segment went to the disk cap while it was out; the cap logged it, the count is settled here.
    if (flight?.stale) this.#dropped += flight.count;
  }

  /** Waits for pending file operations and closes the tail file. */
  close(): Promise<void> {
    return this.#locked(() => this.#closeTail());
  }

  async #appendChunk(chunk: Buffer[], chunkBytes: number): Promise<void> {
    if (chunkBytes > this.#maxBytes) {
      this.#dropped += chunk.length;
      this.#log.error({ events: chunk.length, bytes: chunkBytes, maxDiskBytes: this.#maxBytes }, 'SIEM spool: an event is larger than maxDiskBytes; dropped');
      return;
    }
    while (this.bytes + chunkBytes > this.#maxBytes && this.#segments.length > 0) await this.#dropOldest();
    let tail = this.#tail;
    if (!tail || (tail.seg.bytes > 0 && tail.seg.bytes + chunkBytes > this.#segmentBytes)) {
      await this.#closeTail();
      const seg: Segment = { seq: this.#nextSeq++, bytes: 0, pending: 0 };
      const handle = await open(this.#segmentPath(seg.seq), 'a', 0o600);
      this.#segments.push(seg);
      tail = this.#tail = { seg, handle };
    }
    const data = Buffer.concat(chunk, chunkBytes);
    try {
      await tail.handle.write(data);
    } catch (err) {
      // Cut a partial write back to the last whole line, so the segment stays well-formed.
      await tail.handle.truncate(tail.seg.bytes).catch(() => undefined);
      throw err;
    }
    tail.seg.bytes += chunkBytes;
    tail.seg.pending += chunk.length;
  }

  async #dropOldest(): Promise<void> {
    const seg = this.#segments.shift()!;
    if (this.#tail?.seg === seg) await this.#closeTail();
    let lost = seg.pending;
    if (this.#inFlight && this.#inFlight.seq === seg.seq && !this.#inFlight.stale) {
      // The batch out for delivery may still arrive: counted as dropped only if it is released.
      lost -= this.#inFlight.count;
      this.#inFlight.stale = true;
    }
    this.#dropped += lost;
    this.#resetHead();
    await unlink(this.#segmentPath(seg.seq)).catch(() => undefined);
    this.#log.error(
      { segment: seg.seq, droppedEvents: lost, droppedTotal: this.#dropped, maxDiskBytes: this.#maxBytes },
      'SIEM spool is over maxDiskBytes: oldest undelivered events deleted',
    );
    await this.#writeCursor();
  }

  /** Reads the rest of the head segment (at most segmentBytes, plus one line) into the buffer. */
  async #fill(seg: Segment): Promise<void> {
    const length = seg.bytes - this.#readOffset;
    const data = Buffer.alloc(length);
    const handle = await open(this.#segmentPath(seg.seq), 'r');
    try {
      let read = 0;
      while (read < length) {
        const { bytesRead } = await handle.read(data, read, length - read, this.#readOffset + read);
        if (bytesRead === 0) throw new Error(`spool segment ${seg.seq} is shorter than recorded`);
        read += bytesRead;
      }
    } finally {
      await handle.close();
    }
    this.#buffer = [];
    this.#bufferPos = 0;
    let start = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
      this.#buffer.push({ line: data.toString('utf8', start, nl), bytes: nl + 1 - start });
      start = nl + 1;
    }
    this.#readOffset += start;
  }

  #resetHead(): void {
    this.#headOffset = 0;
    this.#readOffset = 0;
    this.#buffer = [];
    this.#bufferPos = 0;
  }

  async #closeTail(): Promise<void> {
    const tail = this.#tail;
    this.#tail = undefined;
    await tail?.handle.close();
  }

  async #writeCursor(): Promise<void> {
    const head = this.#segments[0];
    const cursor = { seq: head?.seq ?? this.#nextSeq, offset: head ? this.#headOffset : 0 };
    const tmp = join(this.#dir, `${CURSOR}.tmp`);
    await writeFile(tmp, JSON.stringify(cursor), { mode: 0o600 });
    await rename(tmp, join(this.#dir, CURSOR));
  }

  #segmentPath(seq: number): string {
    return join(this.#dir, `seg-${String(seq).padStart(12, '0')}.jsonl`);
  }

  #locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }
}

async function readCursor(dir: string, logger: Logger): Promise<{ seq: number; offset: number } | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, CURSOR), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const value = JSON.parse(text) as { seq?: unknown; offset?: unknown };
    if (Number.isSafeInteger(value.seq) && Number.isSafeInteger(value.offset) && (value.offset as number) >= 0)
      return { seq: value.seq as number, offset: value.offset as number };
  } catch {
    // handled below
  }
  // Resending from the oldest segment duplicates events; skipping would lose them.
  logger.warn({ dir }, 'SIEM spool: unreadable cursor file; delivering from the oldest segment');
  return undefined;
}

function countLines(data: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = data.indexOf(0x0a, start); i >= 0 && i < end; i = data.indexOf(0x0a, i + 1)) n++;
  return n;
}
