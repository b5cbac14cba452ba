/**
 * A streaming NEO 2 deframer: bytes arrive in any chunking (BLE notifications,
 * serial reads, coalesced HID payloads); whole frames come out.
 *
 * It hunts for the "ViVOtech2\0" header, skipping anything else (counted in
 * `skippedBytes`); once a header and length are in, it waits for the whole
 * frame. A declared length above `maxDataLength` or a CRC mismatch yields an
 * error result and the search resumes one byte after that header's first
 * byte, so a real frame hidden inside a corrupt one is still found. Every
 * decision depends only on the bytes seen, never on chunk boundaries, so any
 * chunking of the same stream yields the same results. The buffer never
 * holds more than one maximum-size frame.
 */
import { err, ok, type Result } from "../../src/errors/result.js";
import { Neo2Error } from "./errors.js";
import {
  decodeFrame,
  NEO2_HEADER,
  NEO2_MAX_DATA_LENGTH,
  NEO2_MIN_FRAME_LENGTH,
  NEO2_PREFIX_LENGTH,
  type Neo2Command,
  type Neo2CrcOrder,
  type Neo2Decoded,
  type Neo2Direction,
  type Neo2Response,
  toCommand,
  toResponse,
} from "./frame.js";

export interface Neo2DeframerOptions<D extends Neo2Direction> {
  /** Which side's frames arrive: a host reads `"response"`, a simulated reader `"command"`. */
  readonly direction: D;
  /** Largest data length accepted (default 65535). Bounds the buffer at 16 + this many bytes. */
  readonly maxDataLength?: number;
  readonly crcOrder?: Neo2CrcOrder;
}

type Value<D extends Neo2Direction> = D extends "command" ? Neo2Command : Neo2Response;

export type Neo2DeframeResult<D extends Neo2Direction> = Result<Neo2Decoded<Value<D>>, Neo2Error>;

export class Neo2Deframer<D extends Neo2Direction = "response"> {
  readonly #direction: D;
  readonly #maxData: number;
  readonly #crcOrder: Neo2CrcOrder | undefined;
  readonly #buf: Uint8Array;
  #start = 0;
  #end = 0;
  #skipped = 0;

  constructor(options: Neo2DeframerOptions<D>) {
    this.#direction = options.direction;
    const max = options.maxDataLength ?? NEO2_MAX_DATA_LENGTH;
    if (!Number.isInteger(max) || max < 0 || max > NEO2_MAX_DATA_LENGTH) {
      throw new RangeError(`Neo2Deframer: maxDataLength ${max} outside 0–65535`);
    }
    this.#maxData = max;
    this.#crcOrder = options.crcOrder;
    this.#buf = new Uint8Array(NEO2_MIN_FRAME_LENGTH + max);
  }

  /** Bytes discarded while looking for a header (garbage, padding, corrupt frames' first bytes). */
  get skippedBytes(): number {
    return this.#skipped;
  }

  /** Bytes held waiting for the rest of a frame. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  /** Feeds a chunk; returns the frames (and frame errors) it completed, in stream order. */
  push(chunk: Uint8Array): Neo2DeframeResult<D>[] {
    const out: Neo2DeframeResult<D>[] = [];
    let at = 0;
    while (at < chunk.length) {
      this.#compact();
      const n = Math.min(chunk.length - at, this.#buf.length - this.#end);
      this.#buf.set(chunk.subarray(at, at + n), this.#end);
      this.#end += n;
      at += n;
      this.#drain(out);
    }
    return out;
  }

  /** Drops whatever is buffered (e.g. on disconnect); returns how many bytes were dropped. */
  reset(): number {
    const n = this.buffered;
    this.#start = 0;
    this.#end = 0;
    return n;
  }

  #compact(): void {
    if (this.#start === 0) return;
    this.#buf.copyWithin(0, this.#start, this.#end);
    this.#end -= this.#start;
    this.#start = 0;
  }

  #skip(n: number): void {
    this.#start += n;
    this.#skipped += n;
  }

  #drain(out: Neo2DeframeResult<D>[]): void {
    const buf = this.#buf;
    for (;;) {
      // 1. Align on a header (or on a suffix that could still become one).
      while (this.#start < this.#end) {
        const avail = Math.min(NEO2_HEADER.length, this.#end - this.#start);
        let i = 0;
        while (i < avail && buf[this.#start + i] === NEO2_HEADER[i]) i++;
        if (i === avail) break;
        this.#skip(1);
      }
      const have = this.#end - this.#start;
      if (have < NEO2_PREFIX_LENGTH) return;
      // 2. The length decides how much more to wait for; reject it before waiting.
      const n = ((buf[this.#start + 12] as number) << 8) | (buf[this.#start + 13] as number);
      if (n <= this.#maxData && have < NEO2_MIN_FRAME_LENGTH + n) return;
      const view = buf.subarray(this.#start, this.#end);
      try {
        const d = decodeFrame(view, this.#direction, {
          maxDataLength: this.#maxData,
          ...(this.#crcOrder !== undefined && { crcOrder: this.#crcOrder }),
        });
        const value = (this.#direction === "command" ? toCommand(d.value) : toResponse(d.value)) as Value<D>;
        out.push(ok({ value, consumed: d.consumed, crc: d.crc }));
        this.#start += d.consumed;
      } catch (e) {
        if (!(e instanceof Neo2Error)) throw e;
        out.push(err(e));
        this.#skip(1);
      }
    }
  }
}
