/**
 * Pack and unpack whole messages: [header] MTI, primary bitmap, [secondary
 * bitmap], fields in ascending order. Bitmaps are regenerated from the fields
 * present (ISO 8583:1987 §4.4: bit 1 flags the secondary bitmap; bit 65, in
 * specs that define fields above 128, flags a tertiary bitmap that travels in
 * the position of field 65).
 *
 * Pack measures every field, allocates once and writes. Unpack is strict:
 * a bit for a field the spec does not define, bytes left after the last
 * field, a length above the field maximum or past the end are all typed
 * errors with the field and byte offset. `validate: false` relaxes only the
 * character checks (n holding letters, x+n without C/D), never the structure.
 */
import { EBCDIC_TO_LATIN1, HEX_DIGITS, HEX_VALUE, LATIN1_TO_EBCDIC } from "./charsets.js";
import { Iso8583Error, Iso8583ErrorCodes } from "./errors.js";
import { clearBits, collectByKeys, collectFast } from "./collect.js";
import { type FieldCodec, fieldSize, latin1, type ReadCursor, readField, writeField } from "./field.js";
import type { FieldsObject } from "./shapes.js";
import { allocOut } from "./slab.js";
import { compileJit, type JitCodec } from "./jit.js";
import { type CompiledSpec, compileSpec } from "./spec.js";
import type { BitmapEncoding, FieldValue, IsoMessage, MessageSpec, MtiEncoding } from "./types.js";

export interface CodecOptions {
  /** Check characters against the field types (default true). Structure is always checked. */
  readonly validate?: boolean;
  /**
   * Pack only: carve outputs up to 2 KiB from a shared slab (see slab.ts) instead
   * of a fresh buffer — faster, but `out.buffer` then holds other messages too.
   * Default false, so a caller that transfers, clones or keeps `.buffer` never
   * carries another message's card data along; the TCP host link and simulator
   * opt in because they hand the bytes straight to a socket.
   */
  readonly pooled?: boolean;
  /**
   * Run the table interpreter instead of the code generated for the spec
   * (jit.ts). Same bytes, values and errors, slower; where `new Function` is
   * forbidden the interpreter runs anyway. Default false.
   */
  readonly interpret?: boolean;
}

export interface UnpackOptions extends CodecOptions {
  /**
   * Copy `b` field values out of the input (default false: they are views into
   * it, as src/emv's TLV values are). Set it when the input buffer is reused,
   * e.g. a socket read buffer; `Deframer` payloads are already fresh copies.
   */
  readonly copy?: boolean;
}

export interface UnpackedField {
  readonly de: number;
  /** Offset of the field (its length prefix, if any) in the message. */
  readonly offset: number;
  /** Bytes the field takes, prefix included. */
  readonly length: number;
  /** The field's bytes as received (a subarray of the input). */
  readonly raw: Uint8Array;
  readonly value: FieldValue;
}

export interface UnpackResult {
  readonly message: IsoMessage;
  /** Fields in wire order, with offsets and raw slices. */
  readonly fields: readonly UnpackedField[];
  /** Bitmap bytes (8, 16 or 24), binary whatever their wire encoding. */
  readonly bitmap: Uint8Array;
}

function fail(
  code: (typeof Iso8583ErrorCodes)[keyof typeof Iso8583ErrorCodes],
  what: string,
  offset: number,
  field?: string,
) {
  return new Iso8583Error(code, `${field === undefined ? "" : `${field}: `}${what} at offset ${offset}`, {
    offset,
    ...(field !== undefined && { field }),
  });
}

const MTI_BYTES: Readonly<Record<MtiEncoding, number>> = { ascii: 4, ebcdic: 4, bcd: 2 };
const BITMAP_BYTES: Readonly<Record<BitmapEncoding, number>> = { binary: 8, hex: 16, "ebcdic-hex": 16 };

function isMti(mti: string): boolean {
  if (typeof mti !== "string" || mti.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const d = mti.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

function checkMti(mti: string): void {
  if (!isMti(mti)) {
    throw new Iso8583Error(
      Iso8583ErrorCodes.mti,
      `MTI must be 4 digits (ISO 8583:1987 §4.1), found ${JSON.stringify(String(mti).slice(0, 8))}`,
      {
        field: "MTI",
      },
    );
  }
}

function writeMti(enc: MtiEncoding, buf: Uint8Array, off: number, mti: string): number {
  if (enc === "bcd") {
    buf[off] = ((mti.charCodeAt(0) - 0x30) << 4) | (mti.charCodeAt(1) - 0x30);
    buf[off + 1] = ((mti.charCodeAt(2) - 0x30) << 4) | (mti.charCodeAt(3) - 0x30);
    return off + 2;
  }
  const add = enc === "ebcdic" ? 0xc0 : 0;
  for (let i = 0; i < 4; i++) buf[off + i] = mti.charCodeAt(i) + add;
  return off + 4;
}

function readMti(enc: MtiEncoding, buf: Uint8Array, off: number): string {
  let s: string;
  if (enc === "bcd") {
    s = HEX_DIGITS[(buf[off] as number) >> 4]! + HEX_DIGITS[(buf[off] as number) & 15]!;
    s += HEX_DIGITS[(buf[off + 1] as number) >> 4]! + HEX_DIGITS[(buf[off + 1] as number) & 15]!;
  } else if (enc === "ebcdic") {
    s = "";
    for (let i = 0; i < 4; i++) s += String.fromCharCode(EBCDIC_TO_LATIN1[buf[off + i] as number] as number);
  } else s = latin1(buf, off, off + 4);
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) throw fail(Iso8583ErrorCodes.mti, `MTI character ${i + 1} is not a digit`, off, "MTI");
  }
  return s;
}

/** Writes 8 bitmap bytes from `bits[from, from+8)` in the wire encoding. */
function writeBitmap(enc: BitmapEncoding, buf: Uint8Array, off: number, bits: Uint8Array, from: number): number {
  if (enc === "binary") {
    for (let i = 0; i < 8; i++) buf[off + i] = bits[from + i] as number;
    return off + 8;
  }
  const ebcdic = enc === "ebcdic-hex";
  for (let i = 0; i < 8; i++) {
    const b = bits[from + i] as number;
    const hi = HEX_DIGITS.charCodeAt(b >> 4);
    const lo = HEX_DIGITS.charCodeAt(b & 15);
    buf[off++] = ebcdic ? (LATIN1_TO_EBCDIC[hi] as number) : hi;
    buf[off++] = ebcdic ? (LATIN1_TO_EBCDIC[lo] as number) : lo;
  }
  return off;
}

function readBitmap(
  enc: BitmapEncoding,
  buf: Uint8Array,
  off: number,
  bits: Uint8Array,
  into: number,
  label: string,
): void {
  if (enc === "binary") {
    for (let i = 0; i < 8; i++) bits[into + i] = buf[off + i] as number;
    return;
  }
  const ebcdic = enc === "ebcdic-hex";
  for (let i = 0; i < 8; i++) {
    const a = buf[off + 2 * i] as number;
    const b = buf[off + 2 * i + 1] as number;
    const hi = HEX_VALUE[ebcdic ? (EBCDIC_TO_LATIN1[a] as number) : a] as number;
    const lo = HEX_VALUE[ebcdic ? (EBCDIC_TO_LATIN1[b] as number) : b] as number;
    if (hi < 0 || lo < 0) {
      throw fail(
        Iso8583ErrorCodes.bitmap,
        `${label} bitmap character ${2 * i + (hi < 0 ? 1 : 2)} is not a hex digit`,
        off + 2 * i,
      );
    }
    bits[into + i] = (hi << 4) | lo;
  }
}

// Pack state, reused across calls. Pack is synchronous, but a getter on `fields`
// can call packMessage again while a pack is collecting: `packDepth` > 0 then
// gives the inner call fresh state of its own.
const scratchCodecs: FieldCodec[] = [];
const scratchValues: FieldValue[] = [];
const scratchBits = new Uint8Array(24);
let packDepth = 0;

/**
 * Packs `message` with `spec` into fresh bytes. Throws `Iso8583Error` naming the field.
 * With `{ pooled: true }` a result up to 2 KiB is a view on a shared slab
 * (`byteOffset` ≠ 0, `buffer` shared with other messages, see slab.ts): take
 * `.slice()` before transferring or structured-cloning it.
 */
export function packMessage(spec: MessageSpec, message: IsoMessage, options?: CodecOptions): Uint8Array {
  const c = compileSpec(spec);
  const validate = options?.validate !== false;
  checkMti(message.mti);
  const fields = message.fields;
  const nested = packDepth > 0;
  // The generated code keeps its state in locals: re-entrant as it is, no packDepth needed.
  if (options?.interpret !== true) {
    const jit = jitOf(c);
    // Same strictness as collectFast: only plain objects; Object.values backs the key check.
    const proto = jit === null ? undefined : (Object.getPrototypeOf(fields) as unknown);
    if (jit !== null && (proto === Object.prototype || proto === null)) {
      const out = jit.pack(message, Object.values(fields), validate, options?.pooled === true);
      if (out !== null) return out;
    }
  }
  const codecs = nested ? [] : scratchCodecs;
  const values = nested ? [] : scratchValues;
  const bits = nested ? new Uint8Array(24) : scratchBits;
  let count = 0;
  let done = false;
  packDepth++;
  try {
    clearBits(bits, 0);
    count = collectFast(c.fieldNumbers, c.codecs, fields, codecs, values, bits);
    if (count < 0) count = collectByKeys(c.codecs, fields, codecs, values, bits);
    // Both collects yield ascending field numbers.
    const maxDe = count === 0 ? 0 : (codecs[count - 1] as FieldCodec).de;
    const bmBytes = BITMAP_BYTES[spec.bitmapEncoding];
    const headerLength = spec.headerLength;
    let size = headerLength + MTI_BYTES[spec.mtiEncoding] + bmBytes;
    const secondary = maxDe > 64 || spec.alwaysSecondaryBitmap === true;
    if (secondary) {
      bits[0] = (bits[0] as number) | 0x80;
      size += bmBytes;
    }
    if (maxDe > 128) {
      bits[8] = (bits[8] as number) | 0x80; // bit 65: tertiary bitmap follows in field 65's position
      size += bmBytes;
    }
    for (let i = 0; i < count; i++) size += fieldSize(codecs[i] as FieldCodec, values[i] as FieldValue, size);
    const header = message.header;
    if (headerLength > 0 && (header === undefined || header.length !== headerLength)) {
      throw new Iso8583Error(
        Iso8583ErrorCodes.header,
        `header: spec ${spec.name} needs ${headerLength} header bytes, found ${header === undefined ? "none" : header.length}`,
        { field: "header", offset: 0 },
      );
    }
    // Measured first, written straight into the output: packing into a reusable
    // scratch buffer and copying out costs one more view and memcpy per message.
    const buf = options?.pooled === true ? allocOut(size) : new Uint8Array(size);
    let off = 0;
    if (headerLength > 0) {
      buf.set(header as Uint8Array, 0);
      off = headerLength;
    }
    off = writeMti(spec.mtiEncoding, buf, off, message.mti);
    off = writeBitmap(spec.bitmapEncoding, buf, off, bits, 0);
    if (secondary) off = writeBitmap(spec.bitmapEncoding, buf, off, bits, 8);
    for (let i = 0; i < count; i++) {
      const codec = codecs[i] as FieldCodec;
      if (maxDe > 128 && codec.de > 65 && (i === 0 || (codecs[i - 1] as FieldCodec).de < 65)) {
        off = writeBitmap(spec.bitmapEncoding, buf, off, bits, 16);
      }
      off = writeField(codec, buf, off, values[i] as FieldValue, validate);
    }
    done = true;
    return buf;
  } finally {
    packDepth--;
    // Drop the references so the scratch arrays do not keep the caller's values
    // (PANs, tracks) alive; after a throw, how far collecting got is unknown.
    const held = done ? count : values.length;
    for (let i = 0; i < held; i++) values[i] = "";
  }
}

/** Unpacks a whole message; every byte must be consumed. */
export function unpackMessage(spec: MessageSpec, bytes: Uint8Array, options?: UnpackOptions): IsoMessage {
  return unpackInto(
    spec,
    bytes,
    options?.validate !== false,
    options?.copy === true,
    undefined,
    options?.interpret !== true,
  );
}

/** The spec's generated codec, built on first use (null: interpreter only). */
function jitOf(c: CompiledSpec): JitCodec | null {
  let jit = c.jit;
  if (jit === undefined) {
    jit = compileJit(c.spec, c.codecs);
    c.jit = jit;
  }
  return jit;
}

/** Unpacks with per-field offsets and raw slices (for inspection tools and error reports). */
export function unpack(spec: MessageSpec, bytes: Uint8Array, options?: UnpackOptions): UnpackResult {
  const trace: Trace = { fields: [], bitmap: NO_BITS };
  const message = unpackInto(spec, bytes, options?.validate !== false, options?.copy === true, trace, false);
  return { message, fields: trace.fields, bitmap: trace.bitmap };
}

function need(bytes: Uint8Array, off: number, n: number, what: string): void {
  if (off + n > bytes.length) {
    throw fail(
      Iso8583ErrorCodes.truncated,
      `${what} needs ${n} bytes, ${Math.max(0, bytes.length - off)} left`,
      off,
      what,
    );
  }
}

// Unpack reads bitmaps into scratch space (synchronous, not re-entrant); `unpack` copies them out.
const unpackBits = new Uint8Array(24);
const NO_BITS = new Uint8Array(0);

/** What `unpack` collects beside the message; unpackMessage passes none and allocates no wrapper. */
interface Trace {
  readonly fields: UnpackedField[];
  bitmap: Uint8Array;
}

function unpackInto(
  spec: MessageSpec,
  bytes: Uint8Array,
  validate: boolean,
  copy: boolean,
  trace: Trace | undefined,
  useJit: boolean,
): IsoMessage {
  const c = compileSpec(spec);
  const end = bytes.length;
  let off = 0;
  let header: Uint8Array | undefined;
  if (spec.headerLength > 0) {
    need(bytes, 0, spec.headerLength, "header");
    header = bytes.slice(0, spec.headerLength);
    off = spec.headerLength;
  }
  const mtiBytes = MTI_BYTES[spec.mtiEncoding];
  need(bytes, off, mtiBytes, "MTI");
  const mti = readMti(spec.mtiEncoding, bytes, off);
  off += mtiBytes;
  const bmBytes = BITMAP_BYTES[spec.bitmapEncoding];
  const bits = unpackBits;
  need(bytes, off, bmBytes, "bitmap");
  readBitmap(spec.bitmapEncoding, bytes, off, bits, 0, "primary");
  clearBits(bits, 8);
  off += bmBytes;
  let lastBit = 64;
  if ((bits[0] as number) & 0x80) {
    need(bytes, off, bmBytes, "bitmap");
    readBitmap(spec.bitmapEncoding, bytes, off, bits, 8, "secondary");
    if (validate && spec.alwaysSecondaryBitmap !== true && isZero(bits, 8)) {
      throw fail(Iso8583ErrorCodes.bitmap, "bit 1 set but the secondary bitmap is empty", off, "bitmap");
    }
    off += bmBytes;
    lastBit = 128;
  }
  // Bit 65 (tertiary bitmap) adds keys the template cache does not know about.
  const cacheable = ((bits[8] as number) & 0x80) === 0;
  const way = cacheable ? c.shapes.find(bits) : -1;
  if (useJit && way >= 0) {
    const jit = jitOf(c);
    const special = jit === null ? null : c.shapes.special(way, jit, bits);
    const fields = special === null ? null : special(bytes, off, validate, copy);
    if (fields !== null) return header === undefined ? { mti, fields } : { mti, fields, header };
    // null: not specialised, or anything off; the general path below redoes it (and throws the exact error).
  }
  const cached = way >= 0 ? c.shapes.cloneAt(way) : undefined;
  let fields: FieldsObject;
  if (cached !== undefined) fields = cached;
  else {
    fields = {};
    // Claim the highest field first: V8 then sizes the object's element store
    // once instead of growing it per field (measured 3x faster on a 17-field 0200).
    const top = highestField(bits, lastBit);
    if (top > 0) fields[top] = "";
  }
  if (useJit && ((bits[8] as number) & 0x80) === 0) {
    const jit = jitOf(c);
    const pos = jit === null ? -1 : jit.unpack(bytes, off, bits, fields, validate, copy);
    if (pos === end) {
      if (cached === undefined) c.shapes.remember(bits);
      return header === undefined ? { mti, fields } : { mti, fields, header };
    }
    // Anything else (an error, bytes left over): the interpreter below redoes the fields and throws the exact error.
  }
  const cur: ReadCursor = { pos: off };
  const bitmapAt = off;
  // Walk the set bits only: per bitmap byte, Math.clz32 finds the next flagged field.
  for (let i = 0; i < lastBit >> 3; i++) {
    let byte = i === 0 ? (bits[0] as number) & 0x7f : (bits[i] as number);
    while (byte !== 0) {
      const bit = Math.clz32(byte) - 24;
      byte &= ~(0x80 >> bit);
      const de = (i << 3) + bit + 1;
      if (de === 65) {
        if (!spec.tertiary) {
          throw fail(
            Iso8583ErrorCodes.bitmap,
            "bit 65 set but the spec has no tertiary bitmap or field 65",
            bitmapAt - bmBytes,
            "DE 65",
          );
        }
        need(bytes, cur.pos, bmBytes, "bitmap");
        readBitmap(spec.bitmapEncoding, bytes, cur.pos, bits, 16, "tertiary");
        cur.pos += bmBytes;
        lastBit = 192;
        continue;
      }
      const codec = c.codecs[de];
      if (codec === undefined) {
        throw fail(
          Iso8583ErrorCodes.bitmap,
          `bit ${de} set but the spec ${spec.name} defines no field ${de}`,
          cur.pos,
          `DE ${de}`,
        );
      }
      const at = cur.pos;
      const value = readField(codec, bytes, cur, end, validate, copy);
      fields[de] = value;
      if (trace !== undefined) {
        trace.fields.push({ de, offset: at, length: cur.pos - at, raw: bytes.subarray(at, cur.pos), value });
      }
    }
  }
  if (cur.pos !== end) {
    throw fail(Iso8583ErrorCodes.trailing, `${end - cur.pos} bytes left after the last field`, cur.pos);
  }
  if (cacheable && cached === undefined) c.shapes.remember(bits);
  const message: IsoMessage = header === undefined ? { mti, fields } : { mti, fields, header };
  if (trace !== undefined) trace.bitmap = bits.slice(0, lastBit === 192 ? 24 : lastBit === 128 ? 16 : 8);
  return message;
}

/** Highest data field flagged in the primary/secondary bitmap (bit 65 excluded). */
function highestField(bits: Uint8Array, lastBit: number): number {
  for (let i = (lastBit >> 3) - 1; i >= 0; i--) {
    let b = bits[i] as number;
    if (i === 8) b &= 0x7f;
    if (i === 0) b &= 0x7f;
    // The lowest set bit of byte i is its highest field: i*8 + 8 - (trailing zeros).
    if (b !== 0) return i * 8 + 8 - (31 - Math.clz32(b & -b));
  }
  return 0;
}

function isZero(bits: Uint8Array, from: number): boolean {
  for (let i = from; i < from + 8; i++) if (bits[i] !== 0) return false;
  return true;
}
