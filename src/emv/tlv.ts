/**
 * Strict BER-TLV as EMV uses it (EMV 4.4 Book 3 Annex B; ISO/IEC 8825-1 §8.1).
 *
 * Tags are numbers: the tag bytes read big-endian (`0x9F26`, `0x5F2A`, `0x70`),
 * which keeps comparisons cheap and ordering explicit; `tagHex`/`parseTag`
 * convert to and from the "9F26" spelling. Decoding returns arrays, so the
 * order of the input is preserved exactly (plain objects keyed by tag would
 * reorder numeric-looking keys).
 *
 * Strict by default: a tag or length cut off by the end of input, a value that
 * overruns its buffer, an indefinite or >4-byte length, nesting deeper than
 * `maxDepth` and padding bytes are all `EmvError`s naming the tag path and the
 * byte offset. `lenient: true` stops at the first malformed object and returns
 * what was read so far, and skips 00 padding (Book 3 Annex B allows '00'
 * between objects on the card; DE 55 never needs it).
 *
 * Values are subarrays of the input (no copy); decoding never writes to it.
 */
import { EmvError, EmvErrorCodes } from "./errors.js";
import { MAX_TAG_BYTES, parseTag, tagHex } from "./tag-codec.js";

export interface Tlv {
  /** Tag bytes read big-endian, e.g. `0x9F26`. */
  readonly tag: number;
  /** Length of the value in bytes. */
  readonly length: number;
  /** The value (a subarray of the decoded input). */
  readonly value: Uint8Array;
  /** Bit 6 of the first tag byte (ISO/IEC 8825-1 §8.1.2.5): the value is itself TLV. */
  readonly constructed: boolean;
  /** Decoded children of a constructed object, in order. */
  readonly children?: readonly Tlv[];
  /** Offset of the first tag byte within the top-level input. */
  readonly offset: number;
  /** Bytes taken by tag + length (the value starts at `offset + headerLength`). */
  readonly headerLength: number;
}

export interface TlvInput {
  /** A number (`0x9F02`) or hex text (`"9F02"`). */
  readonly tag: number | string;
  /** Value bytes or hex text; for a constructed tag give `children` instead. */
  readonly value?: Uint8Array | string;
  readonly children?: readonly TlvInput[];
}

export interface DecodeTlvOptions {
  /** Return the objects read before the first malformed one instead of throwing; skip 00 padding. */
  readonly lenient?: boolean;
  /** Deepest nesting of constructed objects accepted (default 8; top level is depth 1). */
  readonly maxDepth?: number;
  /** Prefix for error paths, e.g. `"DE 55"` gives `DE 55.70.9F26`. */
  readonly field?: string;
}

/** Long-form lengths of up to 4 subsequent bytes (Book 3 Annex B3 uses at most 2). */
const MAX_LENGTH_BYTES = 4;
const DEFAULT_MAX_DEPTH = 8;

interface Ctx {
  readonly input: Uint8Array;
  readonly lenient: boolean;
  readonly maxDepth: number;
  readonly field: string | undefined;
}

function path(ctx: Ctx, parents: string, tag?: string): string {
  const parts = [ctx.field, parents || undefined, tag].filter((p): p is string => p !== undefined && p !== "");
  return parts.join(".");
}

function fail(
  code: (typeof EmvErrorCodes)[keyof typeof EmvErrorCodes],
  msg: string,
  field: string,
  offset: number,
): EmvError {
  const where = field === "" ? "" : `${field}: `;
  return new EmvError(code, `${where}${msg}, at byte ${offset}`, { ...(field !== "" && { field }), offset });
}

/** Decodes a sequence of BER-TLV objects filling `bytes`. */
export function decodeTlv(bytes: Uint8Array, options: DecodeTlvOptions = {}): Tlv[] {
  const ctx: Ctx = {
    input: bytes,
    lenient: options.lenient === true,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    field: options.field,
  };
  return decodeRange(ctx, 0, bytes.length, 1, "");
}

/** Decodes exactly one BER-TLV object; anything after it is `emv.tlv_trailing`. */
export function decodeTlvOne(bytes: Uint8Array, options: DecodeTlvOptions = {}): Tlv {
  const list = decodeTlv(bytes, { ...options, lenient: false });
  const first = list[0];
  if (first === undefined) {
    throw fail(EmvErrorCodes.tlvTruncated, "expected one TLV object, found no bytes", options.field ?? "", 0);
  }
  if (list.length > 1) {
    const second = list[1] as Tlv;
    throw fail(
      EmvErrorCodes.tlvTrailing,
      `${bytes.length - second.offset} bytes after the object ${tagHex(first.tag)}`,
      options.field ?? "",
      second.offset,
    );
  }
  return first;
}

function decodeRange(ctx: Ctx, start: number, end: number, depth: number, parents: string): Tlv[] {
  const out: Tlv[] = [];
  let p = start;
  const input = ctx.input;
  while (p < end) {
    if (input[p] === 0x00) {
      if (ctx.lenient) {
        p++;
        continue;
      }
      throw fail(EmvErrorCodes.tlvTrailing, "padding byte 00 where a tag was expected", path(ctx, parents), p);
    }
    try {
      const item = decodeOne(ctx, p, end, depth, parents);
      out.push(item);
      p = item.offset + item.headerLength + item.length;
    } catch (e) {
      if (ctx.lenient) return out;
      throw e;
    }
  }
  return out;
}

function decodeOne(ctx: Ctx, offset: number, end: number, depth: number, parents: string): Tlv {
  const input = ctx.input;
  let p = offset;
  // Tag (ISO/IEC 8825-1 §8.1.2).
  const first = input[p++] as number;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let n = 1;
    for (;;) {
      if (p >= end) {
        throw fail(
          EmvErrorCodes.tlvTruncated,
          `tag ${tagHex(tag)}… cut off by the end of data`,
          path(ctx, parents),
          offset,
        );
      }
      const b = input[p++] as number;
      tag = tag * 256 + b;
      n++;
      if ((b & 0x80) === 0) break;
      if (n >= MAX_TAG_BYTES) {
        throw fail(
          EmvErrorCodes.tlvTag,
          `tag ${tagHex(tag)}… longer than ${MAX_TAG_BYTES} bytes`,
          path(ctx, parents),
          offset,
        );
      }
    }
  }
  const name = tagHex(tag);
  const here = path(ctx, parents, name);
  // Length (ISO/IEC 8825-1 §8.1.3; EMV Book 3 Annex B3 forbids the indefinite form).
  if (p >= end) throw fail(EmvErrorCodes.tlvTruncated, "length missing at the end of data", here, p);
  const lb = input[p++] as number;
  let length = lb;
  if (lb & 0x80) {
    const count = lb & 0x7f;
    if (count === 0) throw fail(EmvErrorCodes.tlvLength, "indefinite length (80) is not allowed", here, p - 1);
    if (count > MAX_LENGTH_BYTES) {
      throw fail(
        EmvErrorCodes.tlvLength,
        `length field of ${count} bytes, expected at most ${MAX_LENGTH_BYTES}`,
        here,
        p - 1,
      );
    }
    if (p + count > end) {
      throw fail(EmvErrorCodes.tlvTruncated, `length field needs ${count} bytes, ${end - p} left`, here, p - 1);
    }
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (input[p++] as number);
  }
  const headerLength = p - offset;
  if (length > end - p) {
    throw fail(EmvErrorCodes.tlvLength, `length ${length}, only ${end - p} bytes left`, here, offset);
  }
  const value = input.subarray(p, p + length);
  const constructed = (first & 0x20) !== 0;
  if (!constructed) return { tag, length, value, constructed, offset, headerLength };
  if (depth >= ctx.maxDepth) {
    throw fail(EmvErrorCodes.tlvDepth, `nesting deeper than ${ctx.maxDepth}`, here, offset);
  }
  const childPath = parents === "" ? name : `${parents}.${name}`;
  const children = decodeRange(ctx, p, p + length, depth + 1, childPath);
  return { tag, length, value, constructed, children, offset, headerLength };
}

/** First object with `tag`, searching depth-first through constructed objects when `deep` (default true). */
export function findTlv(items: readonly Tlv[], tag: number | string, deep = true): Tlv | undefined {
  const t = parseTag(tag);
  for (const item of items) {
    if (item.tag === t) return item;
    if (deep && item.children !== undefined) {
      const found = findTlv(item.children, t, true);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Primitive objects by tag, depth-first, first occurrence wins. A `Map`
 * keeps insertion order, unlike an object keyed by tag text.
 */
export function tlvMap(items: readonly Tlv[]): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const walk = (list: readonly Tlv[]): void => {
    for (const item of list) {
      if (item.children !== undefined) walk(item.children);
      else if (!out.has(item.tag)) out.set(item.tag, item.value);
    }
  };
  walk(items);
  return out;
}
