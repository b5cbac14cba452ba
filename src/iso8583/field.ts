/**
 * One data element: a spec row compiled once into a codec (prefix + encoding
 * + pad), then `fieldSize` / `writeField` / `readField` with no per-call
 * setup. Pack measures every field first and writes into one pre-sized
 * buffer; unpack reads in place and never allocates from a length it has not
 * checked against the field maximum and the bytes left.
 */
import {
  ACCEPT_ALL,
  charAllowed,
  EBCDIC_TO_LATIN1,
  HEX_DIGIT_CODES,
  HEX_DIGITS,
  HEX_VALUE,
  LATIN1_TO_EBCDIC,
  acceptRegExp,
  rejectTable,
  TYPE_MASK,
} from "./charsets.js";
import { fieldError, Iso8583ErrorCodes } from "./errors.js";
import type { DataEncoding, FieldSpec, FieldValue, LengthEncoding } from "./types.js";

const ENC: Readonly<Record<DataEncoding, number>> = {
  ascii: 0,
  ebcdic: 1,
  bcd: 2,
  "sign-bcd": 3,
  binary: 4,
  hex: 5,
  "ebcdic-hex": 6,
};
export const E_ASCII = 0;
const E_EBCDIC = 1;
export const E_BCD = 2;
const E_SIGN_BCD = 3;
export const E_BINARY = 4;
const E_HEX = 5;
const E_EBCDIC_HEX = 6;

const LEN_DIGITS = { fixed: 0, LL: 2, LLL: 3, LLLL: 4 } as const;

export interface FieldCodec {
  readonly de: number;
  readonly label: string;
  readonly spec: FieldSpec;
  readonly enc: number;
  /** Value is a Uint8Array (`b` fields). */
  readonly bytes: boolean;
  readonly max: number;
  readonly prefixDigits: number;
  readonly prefixBytes: number;
  readonly lengthEncoding: LengthEncoding;
  /** Largest number the prefix can hold. */
  readonly prefixMax: number;
  readonly countsBytes: boolean;
  readonly typeMask: number;
  /** `rejectTable(typeMask)`: 1 for each Latin-1 code the type refuses (x+n: its digits; the sign is checked apart). */
  readonly reject: Uint8Array;
  /** The same set as `reject`'s zeros, as a whole-string regexp (long fields). */
  readonly accept: RegExp;
  readonly signed: boolean;
  readonly padRight: boolean;
  readonly padNibble: number;
  readonly track: boolean;
  /** Type n: digits only, checked by arithmetic instead of the reject table. */
  readonly digits: boolean;
}

const rejectTables = Object.fromEntries(
  Object.entries(TYPE_MASK).map(([type, mask]) => [type, rejectTable(mask)]),
) as Readonly<Record<keyof typeof TYPE_MASK, Uint8Array>>;
const acceptRegExps = Object.fromEntries(
  Object.entries(TYPE_MASK).map(([type, mask]) => [type, acceptRegExp(mask)]),
) as Readonly<Record<keyof typeof TYPE_MASK, RegExp>>;

/**
 * From this many characters on, text goes through native code (RegExp test,
 * TextEncoder/TextDecoder) instead of a per-character JS loop: their fixed call
 * cost is then repaid (measured on the bench's 286-character hex-text DE 55).
 */
const LONG = 48;

export function compileField(de: number, spec: FieldSpec): FieldCodec {
  const prefixDigits = LEN_DIGITS[spec.lengthType];
  const lengthEncoding = spec.lengthEncoding ?? "ascii";
  const prefixBytes =
    prefixDigits === 0
      ? 0
      : lengthEncoding === "ascii" || lengthEncoding === "ebcdic"
        ? prefixDigits
        : (prefixDigits + 1) >> 1;
  const prefixMax = lengthEncoding === "binary" ? 256 ** prefixBytes - 1 : 10 ** prefixDigits - 1;
  return {
    de,
    label: `DE ${de}`,
    spec,
    enc: ENC[spec.encoding],
    bytes: spec.type === "b",
    max: spec.length,
    prefixDigits,
    prefixBytes,
    lengthEncoding,
    prefixMax,
    countsBytes: spec.lengthCounts === "bytes",
    typeMask: TYPE_MASK[spec.type],
    reject: rejectTables[spec.type],
    accept: acceptRegExps[spec.type],
    signed: spec.type === "x+n",
    padRight: spec.pad === "right",
    padNibble: spec.padNibble ?? 0,
    track: spec.type === "z",
    digits: spec.type === "n",
  };
}

/** Bytes the value takes on the wire (without prefix), for `units` characters/digits/bytes. */
function dataBytes(enc: number, units: number): number {
  switch (enc) {
    case E_BCD:
      return (units + 1) >> 1;
    case E_SIGN_BCD:
      return units === 0 ? 0 : 1 + (units >> 1);
    case E_HEX:
    case E_EBCDIC_HEX:
      return units * 2;
    default:
      return units;
  }
}

/**
 * Prefix + data bytes of `v`, or -1 when its kind or length is wrong for the
 * field (`fieldSize` then says how). Never throws: generated pack code (jit.ts)
 * calls it for fields it does not inline and hands any -1 to the interpreter.
 */
export function fieldBytes(c: FieldCodec, v: FieldValue): number {
  // typeof first: most fields are text, and `instanceof` walks the prototype chain.
  if (typeof v === "string" ? c.bytes : !c.bytes || !(v instanceof Uint8Array)) return -1;
  const units = v.length;
  if (c.prefixDigits === 0 ? units !== c.max : units > c.max) return -1;
  const n = dataBytes(c.enc, units);
  if (c.prefixDigits !== 0 && (c.countsBytes ? n : units) > c.prefixMax) return -1;
  return c.prefixBytes + n;
}

/** Checks kind and length; returns prefix + data bytes. `offset` is only for error coordinates. */
export function fieldSize(c: FieldCodec, v: FieldValue, offset: number): number {
  const size = fieldBytes(c, v);
  if (size >= 0) return size;
  if (typeof v === "string" ? c.bytes : !c.bytes || !(v instanceof Uint8Array)) {
    throw fieldError(
      Iso8583ErrorCodes.value,
      c.label,
      `expected ${c.bytes ? "a Uint8Array (type b)" : `a string (type ${c.spec.type})`}, found ${typeof v === "string" ? "a string" : "bytes"}`,
      offset,
    );
  }
  const units = v.length;
  if (c.prefixDigits === 0) {
    throw fieldError(Iso8583ErrorCodes.length, c.label, `length ${units}, expected ${c.max}`, offset);
  }
  if (units > c.max) {
    throw fieldError(Iso8583ErrorCodes.length, c.label, `length ${units} exceeds max ${c.max}`, offset);
  }
  throw fieldError(
    Iso8583ErrorCodes.length,
    c.label,
    `length ${units} does not fit a ${c.spec.lengthType} prefix`,
    offset,
  );
}

function charError(c: FieldCodec, what: string, offset: number): never {
  throw fieldError(Iso8583ErrorCodes.charset, c.label, what, offset);
}

function writeLength(c: FieldCodec, buf: Uint8Array, off: number, n: number): number {
  const digits = c.prefixDigits;
  switch (c.lengthEncoding) {
    case "ascii":
    case "ebcdic": {
      const zero = c.lengthEncoding === "ascii" ? 0x30 : 0xf0;
      for (let i = digits - 1; i >= 0; i--) {
        buf[off + i] = zero + (n % 10);
        n = (n / 10) | 0;
      }
      return off + digits;
    }
    case "bcd": {
      for (let i = c.prefixBytes - 1; i >= 0; i--) {
        const lo = n % 10;
        n = (n / 10) | 0;
        buf[off + i] = ((n % 10) << 4) | lo;
        n = (n / 10) | 0;
      }
      return off + c.prefixBytes;
    }
    default: {
      for (let i = c.prefixBytes - 1; i >= 0; i--) {
        buf[off + i] = n & 0xff;
        n >>>= 8;
      }
      return off + c.prefixBytes;
    }
  }
}

/** Writes prefix and data at `off` (space already measured); returns the next offset. */
export function writeField(c: FieldCodec, buf: Uint8Array, off: number, v: FieldValue, validate: boolean): number {
  const start = off;
  const units = v.length;
  if (c.prefixDigits !== 0) off = writeLength(c, buf, off, c.countsBytes ? dataBytes(c.enc, units) : units);
  if (typeof v !== "string") {
    if (c.enc === E_BINARY) {
      buf.set(v, off);
      return off + units;
    }
    const ebcdic = c.enc === E_EBCDIC_HEX;
    for (let i = 0; i < units; i++) {
      const b = v[i] as number;
      const hi = HEX_DIGITS.charCodeAt(b >> 4);
      const lo = HEX_DIGITS.charCodeAt(b & 15);
      buf[off++] = ebcdic ? (LATIN1_TO_EBCDIC[hi] as number) : hi;
      buf[off++] = ebcdic ? (LATIN1_TO_EBCDIC[lo] as number) : lo;
    }
    return off;
  }
  switch (c.enc) {
    case E_ASCII: {
      let i = 0;
      if (c.signed && units > 0) {
        const s = v.charCodeAt(0);
        if (validate && s !== 0x43 && s !== 0x44) charError(c, `sign must be C or D (x+n)`, start);
        if (s > 0xff) charError(c, `character 1 not allowed in type ${c.spec.type}`, start);
        buf[off++] = s;
        i = 1;
      }
      if (validate && units - i >= LONG && !c.signed) {
        // Validated text is 7-bit, where UTF-8 is byte-for-byte Latin-1.
        if (!c.accept.test(v)) {
          charError(c, `character ${firstRejected(v, c.reject) + 1} not allowed in type ${c.spec.type}`, start);
        }
        utf8Encoder.encodeInto(v, buf.subarray(off, off + units));
        return off + units;
      }
      if (validate && c.digits) {
        // A code outside 0x30–0x39 makes one of the two differences negative.
        let bad = 0;
        for (; i < units; i++) {
          const ch = v.charCodeAt(i);
          bad |= (ch - 0x30) | (0x39 - ch);
          buf[off++] = ch;
        }
        if (bad < 0) charError(c, `character ${firstRejected(v, c.reject) + 1} not allowed in type n`, start);
        return off;
      }
      // One OR per character, one branch per field: `ch >> 8` is non-zero above Latin-1.
      const reject = validate ? c.reject : ACCEPT_ALL;
      let bad = 0;
      for (; i < units; i++) {
        const ch = v.charCodeAt(i);
        bad |= (ch >> 8) | (reject[ch & 0xff] as number);
        buf[off++] = ch;
      }
      if (bad !== 0)
        charError(c, `character ${firstRejected(v, reject) + 1} not allowed in type ${c.spec.type}`, start);
      return off;
    }
    case E_EBCDIC: {
      const mask = validate ? c.typeMask : 0;
      let i = 0;
      if (c.signed && units > 0) {
        const s = v.charCodeAt(0);
        if (validate && s !== 0x43 && s !== 0x44) charError(c, `sign must be C or D (x+n)`, start);
        buf[off++] = LATIN1_TO_EBCDIC[s] as number;
        i = 1;
      }
      for (; i < units; i++) {
        const ch = v.charCodeAt(i);
        if (ch > 0xff || (mask !== 0 && !charAllowed(mask, ch))) {
          charError(c, `character ${i + 1} not allowed in type ${c.spec.type}`, start);
        }
        buf[off++] = LATIN1_TO_EBCDIC[ch] as number;
      }
      return off;
    }
    case E_SIGN_BCD: {
      if (units === 0) return off;
      const s = v.charCodeAt(0);
      if (s > 0x7f || (validate && s !== 0x43 && s !== 0x44)) charError(c, `sign must be C or D (x+n)`, start);
      buf[off++] = s;
      return writeBcd(c, buf, off, v, 1, start, validate);
    }
    case E_BCD:
      return writeBcd(c, buf, off, v, 0, start, validate);
    default:
      return charError(c, `encoding ${c.spec.encoding} needs bytes`, start);
  }
}

/** Index of the first character of `v` that `reject` refuses or that is above Latin-1 (error path only). */
function firstRejected(v: string, reject: Uint8Array): number {
  for (let i = 0; i < v.length; i++) {
    const ch = v.charCodeAt(i);
    if (ch > 0xff || reject[ch] === 1) return i;
  }
  return v.length;
}

/** Nibble of a digit character; `=`/`D` → 0xD in track fields; lenient mode takes any char's low nibble (jPOS). */
function nibbleOf(c: FieldCodec, ch: number, i: number, start: number, validate: boolean): number {
  if (ch >= 0x30 && ch <= 0x39) return ch - 0x30;
  if (c.track && (ch === 0x3d || ch === 0x44)) return 0xd;
  if (!validate) return ch & 0xf;
  return charError(c, `character ${i + 1} not allowed in BCD type ${c.spec.type}`, start);
}

/**
 * Checked BCD digits of `v[from…]` at `off` (digits; `=` and `D` as 0xD for
 * type z), through a nibble table with one test at the end: the next offset,
 * or -1 where a character is refused (`writeBcd` then names it).
 * Generated pack code (jit.ts) calls it directly.
 */
export function tryWriteBcd(c: FieldCodec, buf: Uint8Array, off: number, v: string, from: number): number {
  const table = c.track ? TRACK_NIBBLE : DIGIT_NIBBLE;
  const pad = c.padNibble;
  let bad = 0;
  let o = off;
  let i = from;
  const end = v.length;
  if ((end - from) & 1 && !c.padRight) {
    const ch = v.charCodeAt(i++);
    const n = table[ch & 255] as number;
    bad |= n | -(ch >> 8);
    buf[o++] = (pad << 4) | (n & 15);
  }
  for (; i + 1 < end; i += 2) {
    const a = v.charCodeAt(i);
    const b = v.charCodeAt(i + 1);
    const hi = table[a & 255] as number;
    const lo = table[b & 255] as number;
    bad |= hi | lo | -((a | b) >> 8);
    buf[o++] = ((hi & 15) << 4) | (lo & 15);
  }
  if (i < end) {
    const ch = v.charCodeAt(i);
    const n = table[ch & 255] as number;
    bad |= n | -(ch >> 8);
    buf[o++] = ((n & 15) << 4) | pad;
  }
  return bad < 0 ? -1 : o;
}

function writeBcd(
  c: FieldCodec,
  buf: Uint8Array,
  off: number,
  v: string,
  from: number,
  start: number,
  validate: boolean,
): number {
  if (validate) {
    const o = tryWriteBcd(c, buf, off, v, from);
    if (o >= 0) return o;
  }
  // Character by character: names the first refused one (unchecked: any character's low nibble).
  const digits = v.length - from;
  let i = from;
  if (digits & 1 && !c.padRight) {
    buf[off++] = (c.padNibble << 4) | nibbleOf(c, v.charCodeAt(i), i, start, validate);
    i++;
  }
  const end = v.length;
  for (; i + 1 < end; i += 2) {
    buf[off++] =
      (nibbleOf(c, v.charCodeAt(i), i, start, validate) << 4) |
      nibbleOf(c, v.charCodeAt(i + 1), i + 1, start, validate);
  }
  if (i < end) buf[off++] = (nibbleOf(c, v.charCodeAt(i), i, start, validate) << 4) | c.padNibble;
  return off;
}

/** Where the next field starts after `readField`. */
export interface ReadCursor {
  pos: number;
}

function truncated(c: FieldCodec, need: number, have: number, offset: number): never {
  throw fieldError(Iso8583ErrorCodes.truncated, c.label, `needs ${need} bytes, ${have} left`, offset);
}

function readLength(c: FieldCodec, buf: Uint8Array, off: number, end: number): number {
  if (off + c.prefixBytes > end) truncated(c, c.prefixBytes, end - off, off);
  let n = 0;
  switch (c.lengthEncoding) {
    case "ascii":
    case "ebcdic": {
      const zero = c.lengthEncoding === "ascii" ? 0x30 : 0xf0;
      for (let i = 0; i < c.prefixBytes; i++) {
        const d = (buf[off + i] as number) - zero;
        if (d < 0 || d > 9) charError(c, `length prefix byte ${i + 1} is not a decimal digit`, off);
        n = n * 10 + d;
      }
      return n;
    }
    case "bcd": {
      for (let i = 0; i < c.prefixBytes; i++) {
        const b = buf[off + i] as number;
        const hi = b >> 4;
        const lo = b & 15;
        if (hi > 9 || lo > 9) charError(c, `length prefix byte ${i + 1} is not BCD`, off);
        n = n * 100 + hi * 10 + lo;
      }
      return n;
    }
    default:
      for (let i = 0; i < c.prefixBytes; i++) n = n * 256 + (buf[off + i] as number);
      return n;
  }
}

/** Two-character strings for every byte, for BCD digits. */
const PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) => HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!);

const fcc = String.fromCharCode;

// ignoreBOM keeps a leading EF BB BF as U+FEFF: stripped, it would shorten the text and slip past the check.
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/**
 * Latin-1 text of `b[s, end)`. Short fields (the bulk of ISO 8583) pass their
 * codes as arguments to one `String.fromCharCode` call: one flat string, no
 * per-character `+=`, no decoder call overhead. From 48 bytes on, 7-bit text
 * goes through TextDecoder (identical to Latin-1 below 0x80, and several times
 * faster than `fromCharCode.apply` on a 286-byte hex-text DE 55; measured with
 * bench/iso8583.bench.ts).
 */
export function latin1(b: Uint8Array, s: number, end: number): string {
  const n = end - s;
  if (n <= 16) return latin1Short(b, s, n);
  if (n >= LONG) {
    let high = 0;
    for (let i = s; i < end; i++) high |= b[i] as number;
    if (high < 0x80) return utf8.decode(b.subarray(s, end));
  }
  let out = "";
  while (end - s > 16) {
    out += latin1Short(b, s, 16);
    s += 16;
  }
  return out + latin1Short(b, s, end - s);
}

/** One `fromCharCode` call with `n` (≤ 16) arguments: a flat string in one allocation. */
function latin1Short(b: Uint8Array, s: number, n: number): string {
  switch (n) {
    case 0:
      return "";
    case 1:
      return fcc(b[s]!);
    case 2:
      return fcc(b[s]!, b[s + 1]!);
    case 3:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    case 9:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!);
    case 10:
      return fcc(
        b[s]!,
        b[s + 1]!,
        b[s + 2]!,
        b[s + 3]!,
        b[s + 4]!,
        b[s + 5]!,
        b[s + 6]!,
        b[s + 7]!,
        b[s + 8]!,
        b[s + 9]!,
      );
    case 11:
      return fcc(
        b[s]!,
        b[s + 1]!,
        b[s + 2]!,
        b[s + 3]!,
        b[s + 4]!,
        b[s + 5]!,
        b[s + 6]!,
        b[s + 7]!,
        b[s + 8]!,
        b[s + 9]!,
        b[s + 10]!,
      );
    case 12:
      return fcc(
        b[s]!,
        b[s + 1]!,
        b[s + 2]!,
        b[s + 3]!,
        b[s + 4]!,
        b[s + 5]!,
        b[s + 6]!,
        b[s + 7]!,
        b[s + 8]!,
        b[s + 9]!,
        b[s + 10]!,
        b[s + 11]!,
      );
    case 13:
      return fcc(
        b[s]!,
        b[s + 1]!,
        b[s + 2]!,
        b[s + 3]!,
        b[s + 4]!,
        b[s + 5]!,
        b[s + 6]!,
        b[s + 7]!,
        b[s + 8]!,
        b[s + 9]!,
        b[s + 10]!,
        b[s + 11]!,
        b[s + 12]!,
      );
    case 14:
      return fcc(
        b[s]!,
        b[s + 1]!,
        b[s + 2]!,
        b[s + 3]!,
        b[s + 4]!,
        b[s + 5]!,
        b[s + 6]!,
        b[s + 7]!,
        b[s + 8]!,
        b[s + 9]!,
        b[s + 10]!,
        b[s + 11]!,
        b[s + 12]!,
        b[s + 13]!,
      );
    case 15:
      return fcc(
        b[s]!,
        b[s + 1]!,
        b[s + 2]!,
        b[s + 3]!,
        b[s + 4]!,
        b[s + 5]!,
        b[s + 6]!,
        b[s + 7]!,
        b[s + 8]!,
        b[s + 9]!,
        b[s + 10]!,
        b[s + 11]!,
        b[s + 12]!,
        b[s + 13]!,
        b[s + 14]!,
      );
    default:
      return fcc(
        b[s]!,
        b[s + 1]!,
        b[s + 2]!,
        b[s + 3]!,
        b[s + 4]!,
        b[s + 5]!,
        b[s + 6]!,
        b[s + 7]!,
        b[s + 8]!,
        b[s + 9]!,
        b[s + 10]!,
        b[s + 11]!,
        b[s + 12]!,
        b[s + 13]!,
        b[s + 14]!,
        b[s + 15]!,
      );
  }
}

/** Reads one field at `cur.pos`; advances `cur.pos`. */
export function readField(
  c: FieldCodec,
  buf: Uint8Array,
  cur: ReadCursor,
  end: number,
  validate: boolean,
  copy: boolean,
): FieldValue {
  const start = cur.pos;
  let off = start;
  let units: number;
  let n: number;
  if (c.prefixDigits === 0) {
    units = c.max;
    n = dataBytes(c.enc, units);
  } else {
    const len = readLength(c, buf, off, end);
    off += c.prefixBytes;
    if (c.countsBytes) {
      n = len;
      units = c.enc === E_BCD ? len * 2 : c.enc === E_HEX || c.enc === E_EBCDIC_HEX ? len >> 1 : len;
      if (c.enc === E_SIGN_BCD || ((c.enc === E_HEX || c.enc === E_EBCDIC_HEX) && len & 1)) {
        charError(c, `length ${len} bytes cannot hold whole ${c.spec.encoding} units`, start);
      }
    } else {
      units = len;
      n = dataBytes(c.enc, units);
    }
    if (units > c.max) {
      throw fieldError(Iso8583ErrorCodes.length, c.label, `length ${units} exceeds max ${c.max}`, start);
    }
  }
  if (off + n > end) truncated(c, n, end - off, off);
  cur.pos = off + n;
  switch (c.enc) {
    case E_BINARY:
      return copy ? buf.slice(off, off + n) : buf.subarray(off, off + n);
    case E_HEX:
    case E_EBCDIC_HEX: {
      const out = new Uint8Array(units);
      const ebcdic = c.enc === E_EBCDIC_HEX;
      for (let i = 0; i < units; i++) {
        const a = buf[off + 2 * i] as number;
        const b = buf[off + 2 * i + 1] as number;
        const hi = HEX_VALUE[ebcdic ? (EBCDIC_TO_LATIN1[a] as number) : a] as number;
        const lo = HEX_VALUE[ebcdic ? (EBCDIC_TO_LATIN1[b] as number) : b] as number;
        if (hi < 0 || lo < 0) charError(c, `byte ${2 * i + (hi < 0 ? 1 : 2)} is not a hex digit`, off);
        out[i] = (hi << 4) | lo;
      }
      return out;
    }
    case E_ASCII: {
      if (validate && n >= LONG && !c.signed) {
        // Bytes ≥ 0x80 decode to U+FFFD, which no type accepts: the regexp catches them too.
        const s = utf8.decode(buf.subarray(off, off + n));
        if (!c.accept.test(s)) checkText(c, buf, off, off + n);
        return s;
      }
      if (validate) checkText(c, buf, off, off + n);
      return latin1(buf, off, off + n);
    }
    case E_EBCDIC: {
      // Translated into the scratch buffer, then one string (no per-character concatenation).
      if (textScratch.length < n) textScratch = new Uint8Array(n);
      for (let i = 0; i < n; i++) textScratch[i] = EBCDIC_TO_LATIN1[buf[off + i] as number] as number;
      const s = latin1(textScratch, 0, n);
      if (validate) checkString(c, s, off);
      return s;
    }
    case E_SIGN_BCD: {
      if (units === 0) return "";
      const sign = buf[off] as number;
      if (validate && sign !== 0x43 && sign !== 0x44) charError(c, "sign must be C or D (x+n)", off);
      return String.fromCharCode(sign) + readBcd(c, buf, off + 1, units - 1, validate);
    }
    default:
      return readBcd(c, buf, off, units, validate);
  }
}

function checkText(c: FieldCodec, buf: Uint8Array, from: number, to: number): void {
  const reject = c.reject;
  let i = from;
  if (c.signed && to > from) {
    const s = buf[from] as number;
    if (s !== 0x43 && s !== 0x44) charError(c, "sign must be C or D (x+n)", from);
    i++;
  }
  let bad = 0;
  if (c.digits) {
    for (let j = i; j < to; j++) {
      const b = buf[j] as number;
      bad |= (b - 0x30) | (0x39 - b);
    }
    if (bad >= 0) return;
  } else {
    for (let j = i; j < to; j++) bad |= reject[buf[j] as number] as number;
    if (bad === 0) return;
  }
  for (; i < to; i++) {
    if (reject[buf[i] as number] === 1) charError(c, `character not allowed in type ${c.spec.type}`, i);
  }
}

function checkString(c: FieldCodec, s: string, off: number): void {
  let i = 0;
  if (c.signed && s.length > 0) {
    const sign = s.charCodeAt(0);
    if (sign !== 0x43 && sign !== 0x44) charError(c, "sign must be C or D (x+n)", off);
    i = 1;
  }
  for (; i < s.length; i++) {
    if (!charAllowed(c.typeMask, s.charCodeAt(i)))
      charError(c, `character not allowed in type ${c.spec.type}`, off + i);
  }
}

/** Per nibble, 1 where a BCD field refuses it: digits only (type n), digits and D (type z, the track 2 separator). */
const BAD_NIBBLE = Uint8Array.from({ length: 16 }, (_, n) => (n > 9 ? 1 : 0));
const BAD_NIBBLE_TRACK = Uint8Array.from({ length: 16 }, (_, n) => (n > 9 && n !== 0xd ? 1 : 0));
/** Nibble per Latin-1 code for BCD pack, -1 where refused: digits, and for type z `=` and `D` as 0xD. */
const DIGIT_NIBBLE = Int8Array.from({ length: 256 }, (_, ch) => (ch >= 0x30 && ch <= 0x39 ? ch - 0x30 : -1));
const TRACK_NIBBLE = Int8Array.from({ length: 256 }, (_, ch) =>
  ch >= 0x30 && ch <= 0x39 ? ch - 0x30 : ch === 0x3d || ch === 0x44 ? 0xd : -1,
);
/** Decoded BCD or EBCDIC characters before they become a string (grown for longer fields; synchronous use only). */
let textScratch = new Uint8Array(64);

/**
 * BCD digits of `buf` as text: the nibbles' characters into a scratch buffer,
 * checked as they go (with `validate`: digits, D for type z, the pad nibble),
 * then one `latin1` call (no per-byte string concatenation). Null where a
 * check fails; `readBcd` then throws the exact error. Generated unpack
 * code (jit.ts) calls it directly.
 */
export function tryReadBcd(
  c: FieldCodec,
  buf: Uint8Array,
  off: number,
  digits: number,
  validate: boolean,
): string | null {
  const nBytes = (digits + 1) >> 1;
  if (textScratch.length < nBytes * 2) textScratch = new Uint8Array(nBytes * 2);
  const out = textScratch;
  const badNibble = c.track ? BAD_NIBBLE_TRACK : BAD_NIBBLE;
  const padFirst = (digits & 1) === 1 && !c.padRight;
  const padLast = (digits & 1) === 1 && c.padRight;
  let k = 0;
  let bad = 0;
  for (let i = 0; i < nBytes; i++) {
    const b = buf[off + i] as number;
    const hi = b >> 4;
    const lo = b & 15;
    if (i === 0 && padFirst) bad |= hi ^ c.padNibble;
    else {
      out[k++] = HEX_DIGIT_CODES[hi] as number;
      bad |= badNibble[hi] as number;
    }
    if (i === nBytes - 1 && padLast) bad |= lo ^ c.padNibble;
    else {
      out[k++] = HEX_DIGIT_CODES[lo] as number;
      bad |= badNibble[lo] as number;
    }
  }
  return validate && bad !== 0 ? null : latin1(out, 0, k);
}

function readBcd(c: FieldCodec, buf: Uint8Array, off: number, digits: number, validate: boolean): string {
  const fast = tryReadBcd(c, buf, off, digits, validate);
  if (fast !== null) return fast;
  // Again, slowly, to throw the exact error (pad nibble or the first refused nibble, with its offset).
  const nBytes = (digits + 1) >> 1;
  const odd = digits & 1;
  let s = "";
  for (let i = 0; i < nBytes; i++) s += PAIRS[buf[off + i] as number];
  if (odd) {
    const padAt = c.padRight ? nBytes * 2 - 1 : 0;
    if (validate && HEX_VALUE[s.charCodeAt(padAt)] !== c.padNibble) {
      charError(c, `pad nibble ${s[padAt]}, expected ${HEX_DIGITS[c.padNibble]}`, off + (padAt >> 1));
    }
    s = c.padRight ? s.slice(0, -1) : s.slice(1);
  }
  if (validate) {
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch > 0x39 && !(c.track && ch === 0x44)) {
        charError(
          c,
          `nibble ${s[i]} not allowed in type ${c.spec.type}`,
          off + ((i + odd * (c.padRight ? 0 : 1)) >> 1),
        );
      }
    }
  }
  return s;
}
