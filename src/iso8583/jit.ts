/**
 * Spec-specialised pack and unpack, generated once per spec with `new Function`
 * (the technique of ajv, avsc and protobufjs): the field table becomes
 * straight-line code with every field's number, length, prefix and character
 * table as constants, instead of one loop that dispatches on each field's kind
 * at run time. On the bench's 0200 this halves pack's time.
 *
 * The generated code is a fast path only, never a second definition of the
 * format: it inlines the common kinds (ASCII text and raw binary, fixed or
 * with an ASCII length prefix) and calls the interpreter's own `fieldBytes`,
 * `writeField` and `readField` for every other field. Whenever anything is
 * off — a wrong kind, a bad length, a character a type refuses, an unknown
 * bitmap bit, a truncated field — it returns null (pack) or -1 (unpack)
 * without throwing, and message.ts runs the table interpreter on the same
 * input, which throws the exact error with field and offset. Both paths are
 * held to the same bytes and values by test/iso8583/jit.test.ts.
 *
 * Per bitmap that repeats, a further pack and unpack are generated for exactly
 * its fields (bitmap constant, no bit tests; see `packSource`'s `only` and
 * `bitmapUnpackSource`), bounded per spec; they fall back the same way.
 *
 * Where `new Function` is forbidden (a Content-Security-Policy without
 * 'unsafe-eval'), `compileJit` returns null and the interpreter does all the work.
 */
import { ACCEPT_ALL, HEX_DIGIT_CODES, LATIN1_TO_EBCDIC } from "./charsets.js";
import {
  E_ASCII,
  E_BCD,
  E_BINARY,
  type FieldCodec,
  fieldBytes,
  latin1,
  readField,
  tryReadBcd,
  tryWriteBcd,
  writeField,
} from "./field.js";
import type { FieldsObject } from "./shapes.js";
import { allocOut } from "./slab.js";
import type { FieldValue, IsoMessage, MessageSpec } from "./types.js";

export interface JitCodec {
  /** Packed bytes, or null for the interpreter to redo (and throw). The MTI is already checked. */
  readonly pack: (
    message: IsoMessage,
    values: readonly FieldValue[],
    validate: boolean,
    pooled: boolean,
  ) => Uint8Array | null;
  /**
   * Reads the data fields flagged in `bits[0, 16)` from `off` into `fields`;
   * returns the offset after the last field, or -1 for the interpreter to redo.
   */
  readonly unpack: (
    bytes: Uint8Array,
    off: number,
    bits: Uint8Array,
    fields: FieldsObject,
    validate: boolean,
    copy: boolean,
  ) => number;
  /**
   * Unpack specialised to one bitmap (`bits[0, 16)`), or null when the bitmap
   * flags a field the generator does not inline. See `BitmapUnpack`.
   */
  readonly forBitmap: (bits: Uint8Array) => BitmapUnpack | null;
}

/**
 * Reads exactly the data fields of one bitmap from `off` and returns them as
 * a new `fields` object, or null (a bad length or character, a truncated
 * field, bytes left over) for the general path to redo.
 */
export type BitmapUnpack = (bytes: Uint8Array, off: number, validate: boolean, copy: boolean) => FieldsObject | null;

/** What generated code calls; passed in, so the code has no free variables. */
const HELPERS = { ACCEPT_ALL, allocOut, fieldBytes, latin1, readField, tryReadBcd, tryWriteBcd, writeField };

/** Field kinds the generator handles itself; everything else goes through the interpreter's field functions. */
function inlineKind(c: FieldCodec): "text" | "bytes" | "bcd" | undefined {
  // Length prefixes in ASCII digits or BCD (binary and EBCDIC prefixes: interpreter).
  if (c.prefixDigits !== 0 && c.lengthEncoding !== "ascii" && c.lengthEncoding !== "bcd") return undefined;
  if (c.enc === E_ASCII && !c.bytes && !c.signed) return "text";
  if (c.enc === E_BINARY && c.bytes) return "bytes";
  if (c.enc === E_BCD && !c.bytes && !c.signed) return "bcd";
  return undefined;
}

/** Wire bytes of an inlined field's data for a value of `units` (an expression). */
function dataBytesOf(c: FieldCodec, units: string): string {
  return c.enc === E_BCD ? `((${units} + 1) >> 1)` : units;
}

/** The number an inlined field's length prefix carries for value `v` (bytes or units, per the spec row). */
function prefixValue(c: FieldCodec, v: string): string {
  return c.countsBytes ? dataBytesOf(c, `${v}.length`) : `${v}.length`;
}

/** Statement writing an inlined field's length prefix (empty for a fixed field). */
function writePrefix(c: FieldCodec, v: string): string {
  if (c.prefixDigits === 0) return "";
  const n = prefixValue(c, v);
  return c.lengthEncoding === "ascii"
    ? `off = pre${c.prefixDigits}(buf, off, ${n}); `
    : `off = bpre${c.prefixBytes}(buf, off, ${n}); `;
}

/**
 * Statements reading an inlined field at `pos` into `x<de>` and advancing
 * `pos`, `${fail}` on anything off (truncated, bad prefix, over the maximum,
 * a refused character). The same checks and units as the interpreter's
 * `readField`, which redoes the message and throws the exact error.
 */
function readStatements(c: FieldCodec, de: number, fail: string, lengths: Set<number>): string {
  const kind = inlineKind(c);
  const x = `x${de}`;
  if (kind === "text" && c.prefixDigits === 0 && c.max <= UNROLL) {
    lengths.add(c.max);
    const table = c.digits ? "null" : `R${de}`;
    return `if (pos + ${c.max} > end) ${fail} const ${x} = rd${c.max}(bytes, pos, validate, ${table}); if (${x} === null) ${fail} pos += ${c.max};`;
  }
  // u: the value's units (characters, digits or bytes), n: its wire bytes.
  const n = `n${de}`;
  const u = `u${de}`;
  let head: string;
  if (c.prefixDigits === 0) head = `const ${u} = ${c.max}, ${n} = ${kind === "bcd" ? (c.max + 1) >> 1 : c.max};`;
  else {
    const len = c.lengthEncoding === "ascii" ? `len${c.prefixDigits}(bytes, pos)` : `blen${c.prefixBytes}(bytes, pos)`;
    // The prefix counts bytes (a BCD field then holds two digits a byte) or units (BCD bytes round up).
    const fromPrefix = c.countsBytes
      ? `const ${n} = p${de}, ${u} = ${kind === "bcd" ? `${n} * 2` : n};`
      : `const ${u} = p${de}, ${n} = ${dataBytesOf(c, u)};`;
    head = `if (pos + ${c.prefixBytes} > end) ${fail} const p${de} = ${len}; if (p${de} < 0) ${fail} ${fromPrefix} if (${u} > ${c.max}) ${fail} pos += ${c.prefixBytes};`;
  }
  let read: string;
  if (kind === "bytes") read = `const ${x} = copy ? bytes.slice(pos, pos + ${n}) : bytes.subarray(pos, pos + ${n});`;
  else if (kind === "bcd")
    read = `const ${x} = tryReadBcd(C${de}, bytes, pos, ${u}, validate); if (${x} === null) ${fail}`;
  else read = `const ${x} = rText(bytes, pos, ${n}, validate, R${de}, ${c.digits}); if (${x} === null) ${fail}`;
  return `${head} if (pos + ${n} > end) ${fail} ${read} pos += ${n};`;
}

/**
 * Unpack reads fixed text fields up to this many characters unrolled: the
 * bytes as locals, checked in one expression and passed to one
 * `String.fromCharCode` call (most ISO 8583 fields are short and fixed: DE 3,
 * 4, 7, 11–14, 22–25, 37–42, 49). One reader per length the spec uses.
 */
const UNROLL = 16;

/**
 * Helpers shared by every field of a kind. Small and monomorphic, so V8 inlines
 * them where its budget allows and calls them cheaply elsewhere; keeping the
 * per-field code to a line keeps the generated functions well under the 60 KiB
 * of bytecode V8 optimises (unrolled per field, a 127-field spec went past it).
 */
const PACK_HELPERS = `
function wDigits(buf, off, v, validate) {
  let bad = 0, wide = 0;
  for (let i = 0; i < v.length; i++) { const ch = v.charCodeAt(i); bad |= (ch - 48) | (57 - ch); wide |= ch >> 8; buf[off + i] = ch; }
  return wide !== 0 || (validate && bad < 0) ? -1 : off + v.length;
}
function wTable(buf, off, v, r) {
  let bad = 0;
  for (let i = 0; i < v.length; i++) { const ch = v.charCodeAt(i); bad |= (ch >> 8) | r[ch & 255]; buf[off + i] = ch; }
  return bad !== 0 ? -1 : off + v.length;
}
function pre2(buf, off, n) { buf[off] = 48 + ((n / 10) | 0); buf[off + 1] = 48 + (n % 10); return off + 2; }
function pre3(buf, off, n) { buf[off] = 48 + ((n / 100) | 0); buf[off + 1] = 48 + (((n / 10) | 0) % 10); buf[off + 2] = 48 + (n % 10); return off + 3; }
function pre4(buf, off, n) { buf[off] = 48 + ((n / 1000) | 0); return pre3(buf, off + 1, n % 1000); }
function bpre1(buf, off, n) { buf[off] = ((((n / 10) | 0) % 10) << 4) | (n % 10); return off + 1; }
function bpre2(buf, off, n) { buf[off] = ((((n / 1000) | 0) % 10) << 4) | (((n / 100) | 0) % 10); return bpre1(buf, off + 1, n % 100); }
`;

const UNPACK_HELPERS = `
function len2(b, p) { const d0 = b[p] - 48, d1 = b[p + 1] - 48; return d0 < 0 || d0 > 9 || d1 < 0 || d1 > 9 ? -1 : d0 * 10 + d1; }
function len3(b, p) { const d0 = b[p] - 48, t = len2(b, p + 1); return d0 < 0 || d0 > 9 || t < 0 ? -1 : d0 * 100 + t; }
function len4(b, p) { const d0 = b[p] - 48, t = len3(b, p + 1); return d0 < 0 || d0 > 9 || t < 0 ? -1 : d0 * 1000 + t; }
function blen1(b, p) { const x = b[p], hi = x >> 4, lo = x & 15; return hi > 9 || lo > 9 ? -1 : hi * 10 + lo; }
function blen2(b, p) { const h = blen1(b, p), l = blen1(b, p + 1); return h < 0 || l < 0 ? -1 : h * 100 + l; }
function rText(b, p, n, validate, r, digits) {
  if (validate) {
    let bad = 0;
    if (digits) { for (let i = p; i < p + n; i++) { const x = b[i]; bad |= (x - 48) | (57 - x); } if (bad < 0) return null; }
    else { for (let i = p; i < p + n; i++) bad |= r[b[i]]; if (bad !== 0) return null; }
  }
  return latin1(b, p, p + n);
}
`;

/** `function rd6(b, p, validate, r)`: a fixed n-character text field, unrolled (digits checked by arithmetic when r is null). */
function fixedReader(n: number): string {
  const a = Array.from({ length: n }, (_, i) => `a${i}`);
  return `function rd${n}(b, p, validate, r) {
  const ${a.map((x, i) => `${x} = b[p + ${i}]`).join(", ")};
  if (validate && (r === null ? (${a.map((x) => `(${x} - 48) | (57 - ${x})`).join(" | ")}) < 0 : (${a.map((x) => `r[${x}]`).join(" | ")}) !== 0)) return null;
  return fcc(${a.join(", ")});
}`;
}

/**
 * The generated pack. General (`only` undefined): walks the spec's fields
 * and, on success, leaves the data bitmap in `LAST` (four 32-bit words) for
 * `compileJit` to count. Specialised (`only`: the fields of one bitmap,
 * ascending): reads exactly those keys, the bitmap a constant.
 */
function packSource(spec: MessageSpec, codecs: readonly (FieldCodec | undefined)[], only?: readonly number[]): string {
  const numbers = only ?? spec.fieldNumbers;
  const special = only !== undefined;
  const bmBytes = spec.bitmapEncoding === "binary" ? 8 : 16;
  const mtiBytes = spec.mtiEncoding === "bcd" ? 2 : 4;
  const lines: string[] = [];
  const pre: string[] = [];
  for (const de of numbers) pre.push(`const C${de} = codecs[${de}], R${de} = C${de}.reject;`);
  lines.push(`return function ${special ? "packBitmap" : "pack"}(m, vals, validate, pooled) {`);
  const bits = new Uint8Array(16);
  for (const de of numbers) bits[(de - 1) >> 3] = (bits[(de - 1) >> 3] as number) | (0x80 >> ((de - 1) & 7));
  if (special) {
    const top = numbers.length === 0 ? 0 : (numbers[numbers.length - 1] as number);
    lines.push(`const f = m.fields; if (vals.length !== ${numbers.length}) return null; let size = 0;`);
    lines.push(`const top = ${top};`);
    lines.push(`let ${Array.from(bits, (b, i) => `b${i} = ${b}`).join(", ")};`);
  } else {
    lines.push(`const f = m.fields; const n = vals.length; let found = 0, size = 0, top = 0;`);
    lines.push(`let ${numbers.map((de) => `v${de}`).join(", ")};`);
    lines.push(`let ${Array.from({ length: 16 }, (_, i) => `b${i} = 0`).join(", ")};`);
    lines.push(`collect: { if (n === 0) break collect;`);
  }
  for (const [j, de] of numbers.entries()) {
    const c = codecs[de] as FieldCodec;
    const kind = inlineKind(c);
    let check: string;
    if (kind === undefined) check = `const s = fieldBytes(C${de}, v); if (s < 0) return null; size += s;`;
    else {
      // fieldBytes's checks, with this field's numbers as constants.
      const wrongKind =
        kind === "bytes" ? `typeof v === "string" || !(v instanceof Uint8Array)` : `typeof v !== "string"`;
      const counted = prefixValue(c, "v");
      let lengthBad: string;
      if (c.prefixDigits === 0) lengthBad = `v.length !== ${c.max}`;
      else if (counted === "v.length") lengthBad = `v.length > ${Math.min(c.max, c.prefixMax)}`;
      else lengthBad = `v.length > ${c.max} || ${counted} > ${c.prefixMax}`;
      check = `if (${wrongKind} || ${lengthBad}) return null; size += ${c.prefixBytes} + ${dataBytesOf(c, "v.length")};`;
    }
    if (special)
      lines.push(
        `const v${de} = f[${de}]; { const v = v${de}; if (v === undefined || v !== vals[${j}]) return null; ${check} }`,
      );
    else
      lines.push(
        `{ const v = f[${de}]; if (v !== undefined) { if (v !== vals[found]) return null; ${check} v${de} = v; b${(de - 1) >> 3} |= ${0x80 >> ((de - 1) & 7)}; top = ${de}; if (++found === n) break collect; } }`,
      );
  }
  if (!special) {
    lines.push(`}`);
    lines.push(`if (found !== n) return null;`);
    for (let w = 0; w < 4; w++) {
      lines.push(`LAST[${w}] = (b${4 * w} << 24) | (b${4 * w + 1} << 16) | (b${4 * w + 2} << 8) | b${4 * w + 3};`);
    }
  }
  lines.push(`const secondary = ${spec.alwaysSecondaryBitmap === true ? "true" : "top > 64"};`);
  lines.push(`if (secondary) b0 |= 128;`);
  lines.push(`size += ${spec.headerLength + mtiBytes + bmBytes} + (secondary ? ${bmBytes} : 0);`);
  if (spec.headerLength > 0) {
    lines.push(`const h = m.header; if (h === undefined || h.length !== ${spec.headerLength}) return null;`);
  }
  lines.push(`const buf = pooled ? allocOut(size) : new Uint8Array(size); let off = 0;`);
  if (spec.headerLength > 0) lines.push(`buf.set(h, 0); off = ${spec.headerLength};`);
  lines.push(`const mti = m.mti;`);
  if (spec.mtiEncoding === "bcd") {
    lines.push(`buf[off++] = ((mti.charCodeAt(0) - 48) << 4) | (mti.charCodeAt(1) - 48);`);
    lines.push(`buf[off++] = ((mti.charCodeAt(2) - 48) << 4) | (mti.charCodeAt(3) - 48);`);
  } else {
    const add = spec.mtiEncoding === "ebcdic" ? " + 192" : ""; // EBCDIC digits are 0xF0–0xF9
    for (let i = 0; i < 4; i++) lines.push(`buf[off++] = mti.charCodeAt(${i})${add};`);
  }
  const bitmapBytes = (from: number) => {
    const out: string[] = [];
    for (let i = from; i < from + 8; i++) {
      if (spec.bitmapEncoding === "binary") out.push(`buf[off++] = b${i};`);
      else out.push(`buf[off++] = HEX[b${i} >> 4]; buf[off++] = HEX[b${i} & 15];`);
    }
    return out.join(" ");
  };
  lines.push(bitmapBytes(0));
  lines.push(`if (secondary) { ${bitmapBytes(8)} }`);
  for (const de of numbers) {
    const c = codecs[de] as FieldCodec;
    const kind = inlineKind(c);
    const v = `v${de}`;
    let body: string;
    if (kind === undefined) body = `off = writeField(C${de}, buf, off, ${v}, validate);`;
    else {
      const prefix = writePrefix(c, v);
      if (kind === "bytes") body = `${prefix}buf.set(${v}, off); off += ${v}.length;`;
      // Unchecked BCD (any character's low nibble) is left to the interpreter.
      else if (kind === "bcd")
        body = `${prefix}off = validate ? tryWriteBcd(C${de}, buf, off, ${v}, 0) : -1; if (off < 0) return null;`;
      else if (c.digits) body = `${prefix}off = wDigits(buf, off, ${v}, validate); if (off < 0) return null;`;
      else body = `${prefix}off = wTable(buf, off, ${v}, validate ? R${de} : ACCEPT_ALL); if (off < 0) return null;`;
    }
    lines.push(special ? body : `if (${v} !== undefined) { ${body} }`);
  }
  lines.push(`return buf; };`);
  return `"use strict"; const { ACCEPT_ALL, allocOut, fieldBytes, tryWriteBcd, writeField, LAST } = H; ${PACK_HELPERS} ${pre.join(" ")} ${lines.join("\n")}`;
}

function unpackSource(spec: MessageSpec, codecs: readonly (FieldCodec | undefined)[]): string {
  const numbers = spec.fieldNumbers;
  const defined = new Uint8Array(16);
  defined[0] = 0x80; // bit 1: the secondary bitmap flag, read by the caller
  for (const de of numbers) defined[(de - 1) >> 3] = (defined[(de - 1) >> 3] as number) | (0x80 >> ((de - 1) & 7));
  const pre: string[] = [];
  const lengths = new Set<number>();
  for (const de of numbers) pre.push(`const C${de} = codecs[${de}], R${de} = C${de}.reject;`);
  const lines: string[] = [];
  lines.push(`return function unpack(bytes, off, bits, fields, validate, copy) {`);
  lines.push(`const end = bytes.length; let pos = off;`);
  lines.push(Array.from({ length: 16 }, (_, i) => `const b${i} = bits[${i}];`).join(" "));
  const undefinedBits = Array.from(defined, (d, i) => (d === 0xff ? "" : `(b${i} & ${~d & 0xff})`)).filter(
    (x) => x !== "",
  );
  if (undefinedBits.length > 0) lines.push(`if ((${undefinedBits.join(" | ")}) !== 0) return -1;`);
  for (let byte = 0; byte < 16; byte++) {
    const group = numbers.filter((de) => (de - 1) >> 3 === byte);
    if (group.length === 0) continue;
    lines.push(`if (b${byte} !== 0) {`);
    for (const de of group) {
      const c = codecs[de] as FieldCodec;
      const body =
        inlineKind(c) === undefined
          ? `cur.pos = pos; fields[${de}] = readField(C${de}, bytes, cur, end, validate, copy); pos = cur.pos;`
          : `${readStatements(c, de, "return -1;", lengths)} fields[${de}] = x${de};`;
      lines.push(`if ((b${byte} & ${0x80 >> ((de - 1) & 7)}) !== 0) { ${body} }`);
    }
    lines.push(`}`);
  }
  lines.push(`return pos; };`);
  const readers = [...lengths].map(fixedReader).join("\n");
  return `"use strict"; const { latin1, readField, tryReadBcd } = H; const fcc = String.fromCharCode; const cur = { pos: 0 }; ${UNPACK_HELPERS} ${readers} ${pre.join(" ")} ${lines.join("\n")}`;
}

/**
 * One bitmap's unpack: no bit tests, and the `fields` object built as one
 * literal with the values in it (no template clone, no keyed stores). Only for
 * bitmaps whose fields are all inlined kinds.
 */
function bitmapUnpackSource(
  spec: MessageSpec,
  codecs: readonly (FieldCodec | undefined)[],
  bits: Uint8Array,
): string | null {
  const present: number[] = [];
  for (let de = 2; de <= 128; de++) {
    if (((bits[(de - 1) >> 3] as number) & (0x80 >> ((de - 1) & 7))) === 0) continue;
    const c = codecs[de];
    if (de === 65 || c === undefined || inlineKind(c) === undefined || !spec.fieldNumbers.includes(de)) return null;
    present.push(de);
  }
  const lengths = new Set<number>();
  const pre: string[] = [];
  const lines: string[] = [];
  lines.push(`return function unpackBitmap(bytes, off, validate, copy) {`);
  lines.push(`const end = bytes.length; let pos = off;`);
  for (const de of present) {
    pre.push(`const C${de} = codecs[${de}], R${de} = C${de}.reject;`);
    lines.push(readStatements(codecs[de] as FieldCodec, de, "return null;", lengths));
  }
  lines.push(`if (pos !== end) return null;`);
  lines.push(`return { ${present.map((de) => `${de}: x${de}`).join(", ")} }; };`);
  const readers = [...lengths].map(fixedReader).join("\n");
  return `"use strict"; const { latin1, tryReadBcd } = H; const fcc = String.fromCharCode; ${UNPACK_HELPERS} ${readers} ${pre.join(" ")} ${lines.join("\n")}`;
}

/** Packs of a bitmap's own seen through the general pack before its specialised pack is generated. */
const SPECIALISE_AFTER = 16;
/** Specialised packs generated per spec, at most (each a `new Function`). */
const SPECIALISED_MAX = 32;
/** Specialised packs tried before the general one (the latest generated). */
const PACKERS = 4;

/**
 * The generated codec for `spec`, or null where it does not apply (specs with a
 * tertiary bitmap) or cannot run (`new Function` forbidden).
 */
export function compileJit(spec: MessageSpec, codecs: readonly (FieldCodec | undefined)[]): JitCodec | null {
  if (spec.tertiary) return null;
  try {
    const hex =
      spec.bitmapEncoding === "ebcdic-hex"
        ? Uint8Array.from(HEX_DIGIT_CODES, (c) => LATIN1_TO_EBCDIC[c] as number)
        : HEX_DIGIT_CODES;
    const last = new Int32Array(4);
    const h = { ...HELPERS, LAST: last };
    const general = new Function("codecs", "H", "HEX", packSource(spec, codecs))(codecs, h, hex) as JitCodec["pack"];
    // Bitmap-specialised packs, tried first: generated once the same bitmap packed
    // SPECIALISE_AFTER times in a row through the general pack, at most SPECIALISED_MAX per spec.
    const packers: JitCodec["pack"][] = [];
    const prev = new Int32Array(4);
    let hits = 0;
    let built = 0;
    const pack: JitCodec["pack"] = (message, values, validate, pooled) => {
      for (let i = 0; i < packers.length; i++) {
        const out = (packers[i] as JitCodec["pack"])(message, values, validate, pooled);
        if (out !== null) return out;
      }
      const out = general(message, values, validate, pooled);
      if (out === null || built >= SPECIALISED_MAX) return out;
      if (last[0] === prev[0] && last[1] === prev[1] && last[2] === prev[2] && last[3] === prev[3]) {
        if (++hits === SPECIALISE_AFTER) {
          const only: number[] = [];
          for (let de = 2; de <= 128; de++)
            if ((prev[(de - 1) >> 5] as number) & (1 << (31 - ((de - 1) & 31)))) only.push(de);
          built++;
          try {
            packers[(built - 1) % PACKERS] = new Function("codecs", "H", "HEX", packSource(spec, codecs, only))(
              codecs,
              h,
              hex,
            );
          } catch {
            // Cannot happen where the general pack compiled; the general pack serves regardless.
          }
        }
      } else {
        prev.set(last);
        hits = 1;
      }
      return out;
    };
    const unpack = new Function("codecs", "H", unpackSource(spec, codecs))(codecs, HELPERS);
    const forBitmap = (bits: Uint8Array): BitmapUnpack | null => {
      const source = bitmapUnpackSource(spec, codecs, bits);
      try {
        return source === null ? null : (new Function("codecs", "H", source)(codecs, HELPERS) as BitmapUnpack);
      } catch {
        return null; // cannot happen where the general codec compiled; the general path serves regardless
      }
    };
    return { pack, unpack, forBitmap } as JitCodec;
  } catch {
    // EvalError under a Content-Security-Policy without 'unsafe-eval': the interpreter does the work.
    return null;
  }
}
