/**
 * Length framing for ISO 8583 over TCP: a length header before each message.
 * - `2byte`: two bytes, unsigned big-endian (the common "2-byte binary header");
 * - `2bcd`: two bytes BCD, 0000–9999;
 * - `4ascii`: four ASCII digits.
 * The `Deframer` turns a byte stream cut anywhere (partial and coalesced TCP
 * reads) into whole payloads, and refuses a declared length above
 * `maxMessageLength` before buffering it.
 */
import { Iso8583Error, Iso8583ErrorCodes } from "./errors.js";
import { allocOut } from "./slab.js";

export type Framing = "none" | "2byte" | "2bcd" | "4ascii";

const HEADER_BYTES = { "2byte": 2, "2bcd": 2, "4ascii": 4 } as const;
const CAPACITY = { "2byte": 0xffff, "2bcd": 9999, "4ascii": 9999 } as const;

function framingError(what: string, offset: number): Iso8583Error {
  return new Iso8583Error(Iso8583ErrorCodes.framing, `length header: ${what} at offset ${offset}`, {
    field: "length header",
    offset,
  });
}

/**
 * Prefixes `payload` with its length header (a copy; `none` returns a copy unchanged).
 * With `{ pooled: true }` an output up to 2 KiB is a view on a shared slab, as
 * with `packMessage` (see slab.ts); by default it owns its buffer.
 */
export function frameMessage(
  payload: Uint8Array,
  framing: Framing,
  options?: { readonly pooled?: boolean },
): Uint8Array {
  if (framing === "none") return payload.slice();
  const h = HEADER_BYTES[framing];
  const n = payload.length;
  if (n > CAPACITY[framing])
    throw framingError(`payload of ${n} bytes exceeds the ${framing} maximum ${CAPACITY[framing]}`, 0);
  const out = options?.pooled === true ? allocOut(h + n) : new Uint8Array(h + n);
  if (framing === "2byte") {
    out[0] = n >> 8;
    out[1] = n & 0xff;
  } else if (framing === "2bcd") {
    const hi = (n / 100) | 0;
    const lo = n % 100;
    out[0] = (((hi / 10) | 0) << 4) | (hi % 10);
    out[1] = (((lo / 10) | 0) << 4) | (lo % 10);
  } else {
    for (let i = 3, v = n; i >= 0; i--, v = (v / 10) | 0) out[i] = 0x30 + (v % 10);
  }
  out.set(payload, h);
  return out;
}

/** Reads the declared payload length from a header at `buf[off]` (header bytes available). */
export function readFrameLength(framing: Exclude<Framing, "none">, buf: Uint8Array, off: number): number {
  if (framing === "2byte") return ((buf[off] as number) << 8) | (buf[off + 1] as number);
  let n = 0;
  if (framing === "2bcd") {
    for (let i = 0; i < 2; i++) {
      const b = buf[off + i] as number;
      if (b >> 4 > 9 || (b & 15) > 9) throw framingError(`byte ${i + 1} is not BCD`, off + i);
      n = n * 100 + (b >> 4) * 10 + (b & 15);
    }
    return n;
  }
  for (let i = 0; i < 4; i++) {
    const d = (buf[off + i] as number) - 0x30;
    if (d < 0 || d > 9) throw framingError(`byte ${i + 1} is not an ASCII digit`, off + i);
    n = n * 10 + d;
  }
  return n;
}

/** Splits one whole framed buffer into its payloads; trailing partial data is an error. */
export function deframeAll(bytes: Uint8Array, framing: Exclude<Framing, "none">): Uint8Array[] {
  const d = new Deframer(framing);
  const out = d.push(bytes);
  if (d.pending > 0) throw framingError(`${d.pending} bytes of an incomplete frame`, bytes.length - d.pending);
  return out;
}

export interface DeframerOptions {
  /** Largest payload accepted; a bigger declared length throws before any buffering (default: the header's capacity). */
  readonly maxMessageLength?: number;
}

/**
 * Streaming de-framer. `push` returns the payloads completed by this chunk
 * (copies, so the caller may reuse its read buffer). A zero length header
 * yields an empty payload (some hosts use it as a keep-alive).
 */
export class Deframer {
  readonly framing: Exclude<Framing, "none">;
  readonly maxMessageLength: number;
  private buf: Uint8Array = new Uint8Array(0);
  private len = 0;
  /** Stream offset of `buf[0]`, for error coordinates. */
  private consumed = 0;

  constructor(framing: Exclude<Framing, "none">, options?: DeframerOptions) {
    if (!(framing in HEADER_BYTES)) throw framingError(`unknown framing "${String(framing)}"`, 0);
    this.framing = framing;
    const max = options?.maxMessageLength ?? CAPACITY[framing];
    if (!Number.isInteger(max) || max < 0) throw framingError(`maxMessageLength ${max} is not a whole number`, 0);
    this.maxMessageLength = Math.min(max, CAPACITY[framing]);
  }

  /** Bytes buffered towards the next frame. */
  get pending(): number {
    return this.len;
  }

  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    const h = HEADER_BYTES[this.framing];
    let data: Uint8Array;
    let start = 0;
    if (this.len === 0) {
      data = chunk;
    } else {
      this.append(chunk);
      data = this.buf;
    }
    const end = this.len === 0 ? chunk.length : this.len;
    while (end - start >= h) {
      const n = readFrameLength(this.framing, data, start);
      if (n > this.maxMessageLength) {
        this.reset();
        throw framingError(
          `declared length ${n} exceeds maxMessageLength ${this.maxMessageLength}`,
          this.consumed + start,
        );
      }
      if (end - start - h < n) break;
      out.push(data.slice(start + h, start + h + n));
      start += h + n;
    }
    const rest = end - start;
    if (data === chunk) {
      if (rest > 0) {
        this.len = 0;
        this.append(chunk.subarray(start, end));
      }
    } else if (start > 0) {
      this.buf.copyWithin(0, start, end);
      this.len = rest;
    }
    this.consumed += start;
    return out;
  }

  /** Drops any partial frame (after a connection reset). */
  reset(): void {
    this.len = 0;
  }

  private append(chunk: Uint8Array): void {
    const need = this.len + chunk.length;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2, 256));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(chunk, this.len);
    this.len = need;
  }
}
