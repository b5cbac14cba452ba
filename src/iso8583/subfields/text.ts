/**
 * Text subfields: `tlv` (optional fixed prefix, then `tag ‖ decimal length ‖
 * value`) and `positional` (fixed widths in order, optional remainder). Both
 * read a field's string value and write one back, exactly: unpack then pack
 * gives the same text. Lengths are read from at most 4 digits and checked
 * against what is left before anything is sliced; nothing is allocated from
 * a length.
 */
import { fieldError, Iso8583ErrorCodes as C, type Iso8583ErrorCode } from "../errors.js";
import type { MaskKind, PositionalLayout, PositionalSubfield, SubfieldType, TlvLayout, TlvTagSpec } from "../types.js";
import { type CompiledPositional, type CompiledTlv, firstBadChar, tagShapeOk } from "./layout.js";

/** One subfield as `packSubfields` takes it: a TLV tag or a prefix/positional/remainder name, and its text. */
export interface SubfieldEntry {
  readonly id: string;
  readonly value: string;
}

/** One subfield as `unpackSubfields` returns it (an entry, so the list packs back as is). */
export interface UnpackedSubfield extends SubfieldEntry {
  readonly role: "prefix" | "tag" | "position" | "rest";
  readonly description: string;
  /** False for a TLV tag the layout's table lacks (kept, typed by nothing). */
  readonly known: boolean;
  /** Where the subfield starts in the field value (its tag, for TLV), in characters. */
  readonly offset: number;
  readonly type?: SubfieldType;
  readonly mask?: MaskKind;
}

/** Entries as a list (order kept, repeats allowed) or as an object keyed by id. */
export type TextSubfieldsInput = readonly SubfieldEntry[] | Readonly<Record<string, string>>;

const UNKNOWN = "Unknown subelement";

function chars(n: number): string {
  return n === 1 ? "1 character" : `${n} characters`;
}

function checkChars(v: string, type: SubfieldType, path: string, at: number): void {
  const bad = firstBadChar(v, type);
  if (bad >= 0) {
    throw fieldError(C.subfieldCharset, path, `character ${bad + 1} not allowed in type ${type}`, at + bad);
  }
}

function take(v: string, o: number, width: number, path: string, what: string): string {
  const left = v.length - o;
  if (left < width) throw fieldError(C.subfieldTruncated, path, `${what} needs ${chars(width)}, ${left} left`, o);
  return v.slice(o, o + width);
}

function fixedEntry(
  row: PositionalSubfield,
  role: "prefix" | "position",
  v: string,
  o: number,
  label: string,
): UnpackedSubfield {
  const path = `${label}.${row.name}`;
  const value = take(v, o, row.width, path, "subfield");
  checkChars(value, row.type, path, o);
  return entry(row.name, value, role, row.description, true, o, row.type, row.mask);
}

function entry(
  id: string,
  value: string,
  role: UnpackedSubfield["role"],
  description: string,
  known: boolean,
  offset: number,
  type: SubfieldType | undefined,
  mask: MaskKind | undefined,
): UnpackedSubfield {
  return {
    id,
    value,
    role,
    description,
    known,
    offset,
    ...(type !== undefined && { type }),
    ...(mask !== undefined && { mask }),
  };
}

function checkTagValue(spec: TlvTagSpec, value: string, path: string, lengthAt: number, valueAt: number): void {
  const n = value.length;
  if (n > spec.maxLength)
    throw fieldError(C.subfieldLength, path, `length ${n} exceeds max ${spec.maxLength}`, lengthAt);
  const min = spec.minLength ?? 0;
  if (n < min) throw fieldError(C.subfieldLength, path, `length ${n} below min ${min}`, lengthAt);
  if (spec.type === "b" && n % 2 !== 0) {
    throw fieldError(C.subfieldLength, path, `length ${n} is odd (hex text of bytes)`, lengthAt);
  }
  checkChars(value, spec.type, path, valueAt);
}

export function unpackTlv(layout: TlvLayout, c: CompiledTlv, v: string, label: string): UnpackedSubfield[] {
  const out: UnpackedSubfield[] = [];
  let o = 0;
  for (const p of layout.prefix ?? []) {
    out.push(fixedEntry(p, "prefix", v, o, label));
    o += p.width;
  }
  const tagType = layout.tagType ?? "n";
  const seen = new Set<string>();
  while (o < v.length) {
    const at = o;
    const tag = take(v, o, layout.tagWidth, label, "tag");
    if (!tagShapeOk(tag, layout.tagWidth, tagType)) {
      throw fieldError(C.subfieldTag, label, `tag is not ${tagType}${layout.tagWidth}`, at);
    }
    const path = `${label}.SE ${tag}`;
    o += layout.tagWidth;
    const digits = take(v, o, layout.lengthDigits, path, "length prefix");
    if (firstBadChar(digits, "n") >= 0) {
      throw fieldError(C.subfieldCharset, path, `length prefix is not ${layout.lengthDigits} decimal digits`, o);
    }
    const lengthAt = o;
    const n = Number(digits);
    o += layout.lengthDigits;
    if (n > v.length - o) throw fieldError(C.subfieldTruncated, path, `length ${n}, ${v.length - o} left`, lengthAt);
    const spec = c.tags.get(tag);
    if (spec === undefined && layout.unknownTags === "error") throw fieldError(C.subfieldTag, path, "unknown tag", at);
    if (seen.has(tag) && layout.repeats !== true) throw fieldError(C.subfieldTag, path, "repeated tag", at);
    seen.add(tag);
    const value = v.slice(o, o + n);
    if (spec !== undefined) checkTagValue(spec, value, path, lengthAt, o);
    out.push(entry(tag, value, "tag", spec?.description ?? UNKNOWN, spec !== undefined, at, spec?.type, spec?.mask));
    o += n;
  }
  return out;
}

export function unpackPositional(
  layout: PositionalLayout,
  c: CompiledPositional,
  v: string,
  label: string,
): UnpackedSubfield[] {
  const out: UnpackedSubfield[] = [];
  let o = 0;
  for (const [i, s] of layout.subfields.entries()) {
    if (o === v.length && i >= c.required) return out;
    out.push(fixedEntry(s, "position", v, o, label));
    o += s.width;
  }
  if (o === v.length) return out;
  const rest = layout.rest;
  if (rest === undefined)
    throw fieldError(C.subfieldTrailing, label, `${chars(v.length - o)} after the last subfield`, o);
  const path = `${label}.${rest.name}`;
  const value = v.slice(o);
  if (value.length > rest.maxLength) {
    throw fieldError(C.subfieldLength, path, `length ${value.length} exceeds max ${rest.maxLength}`, o);
  }
  checkChars(value, rest.type, path, o);
  out.push(entry(rest.name, value, "rest", rest.description, true, o, rest.type, rest.mask));
  return out;
}

function inputError(code: Iso8583ErrorCode, path: string, what: string, at: number): never {
  throw fieldError(code, path, what, at);
}

/** The input as a list of {id, value}; anything else is `iso8583.subfield_value`. */
function listOf(input: unknown, label: string): SubfieldEntry[] | undefined {
  if (!Array.isArray(input)) return undefined;
  return input.map((e: unknown, i) => {
    if (typeof e !== "object" || e === null) inputError(C.subfieldValue, label, `entry ${i + 1} is not {id, value}`, 0);
    const { id, value } = e as { id?: unknown; value?: unknown };
    if (typeof id !== "string" || typeof value !== "string") {
      inputError(C.subfieldValue, label, `entry ${i + 1} needs string id and value`, 0);
    }
    return { id, value };
  });
}

/** An object's entries, checked to be strings; `null` for not an object. */
function recordOf(input: unknown, label: string): Map<string, string> {
  if (typeof input !== "object" || input === null) {
    inputError(C.subfieldValue, label, "subfields must be a list of {id, value} or an object of strings", 0);
  }
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(input)) {
    if (typeof v !== "string") inputError(C.subfieldValue, `${label}.${k.slice(0, 12)}`, "value must be a string", 0);
    m.set(k, v);
  }
  return m;
}

function packFixed(row: PositionalSubfield, value: string, label: string, at: number): void {
  const path = `${label}.${row.name}`;
  if (value.length !== row.width) {
    throw fieldError(C.subfieldLength, path, `length ${value.length}, expected ${row.width}`, at);
  }
  checkChars(value, row.type, path, at);
}

export function packTlv(layout: TlvLayout, c: CompiledTlv, input: unknown, label: string): string {
  let list = listOf(input, label);
  const prefix = layout.prefix ?? [];
  if (list === undefined) {
    const rec = recordOf(input, label);
    list = [];
    for (const p of prefix) {
      const v = rec.get(p.name);
      if (v !== undefined) list.push({ id: p.name, value: v });
    }
    for (const t of layout.tags) {
      const v = rec.get(t.tag);
      if (v !== undefined) list.push({ id: t.tag, value: v });
    }
    const others = [...rec.keys()].filter((k) => !c.prefixNames.has(k) && !c.tags.has(k)).sort();
    for (const k of others) list.push({ id: k, value: rec.get(k) as string });
  }
  let out = "";
  for (const [i, p] of prefix.entries()) {
    const e = list[i];
    if (e === undefined || e.id !== p.name) {
      inputError(C.subfieldValue, `${label}.${p.name}`, `prefix subfield ${i + 1} (${p.name}) missing`, out.length);
    }
    packFixed(p, e.value, label, out.length);
    out += e.value;
  }
  const tagType = layout.tagType ?? "n";
  const limit = 10 ** layout.lengthDigits - 1;
  const seen = new Set<string>();
  for (const e of list.slice(prefix.length)) {
    const at = out.length;
    if (!tagShapeOk(e.id, layout.tagWidth, tagType)) {
      inputError(
        C.subfieldTag,
        label,
        `id ${e.id.slice(0, 12)} is neither a prefix name nor a ${tagType}${layout.tagWidth} tag`,
        at,
      );
    }
    const path = `${label}.SE ${e.id}`;
    const spec = c.tags.get(e.id);
    if (spec === undefined && layout.unknownTags === "error") inputError(C.subfieldTag, path, "unknown tag", at);
    if (seen.has(e.id) && layout.repeats !== true) inputError(C.subfieldTag, path, "repeated tag", at);
    seen.add(e.id);
    const lengthAt = at + layout.tagWidth;
    if (e.value.length > limit) {
      inputError(
        C.subfieldLength,
        path,
        `length ${e.value.length} exceeds a ${layout.lengthDigits}-digit prefix`,
        lengthAt,
      );
    }
    if (spec !== undefined) checkTagValue(spec, e.value, path, lengthAt, lengthAt + layout.lengthDigits);
    out += e.id + String(e.value.length).padStart(layout.lengthDigits, "0") + e.value;
  }
  return out;
}

export function packPositional(layout: PositionalLayout, c: CompiledPositional, input: unknown, label: string): string {
  const given = listOf(input, label);
  const rec = new Map<string, string>();
  if (given !== undefined) {
    // A list must follow the layout's order: subfield i at index i, the remainder last.
    for (const [i, e] of given.entries()) {
      const want = i < layout.subfields.length ? layout.subfields[i]?.name : layout.rest?.name;
      if (e.id !== want || rec.has(e.id)) {
        inputError(C.subfieldValue, label, `entry ${i + 1} is ${e.id.slice(0, 12)}, expected ${want ?? "nothing"}`, 0);
      }
      rec.set(e.id, e.value);
    }
  } else {
    for (const [k, v] of recordOf(input, label)) {
      if (!c.names.has(k) && k !== layout.rest?.name)
        inputError(C.subfieldValue, `${label}.${k.slice(0, 12)}`, "no such subfield", 0);
      rec.set(k, v);
    }
  }
  let out = "";
  let missing: string | undefined;
  for (const [i, s] of layout.subfields.entries()) {
    const v = rec.get(s.name);
    if (v === undefined) {
      if (i < c.required) inputError(C.subfieldValue, `${label}.${s.name}`, "required subfield missing", out.length);
      missing ??= s.name;
      continue;
    }
    if (missing !== undefined)
      inputError(C.subfieldValue, `${label}.${s.name}`, `given without ${missing} before it`, out.length);
    packFixed(s, v, label, out.length);
    out += v;
  }
  const rest = layout.rest;
  const tail = rest === undefined ? undefined : rec.get(rest.name);
  if (rest !== undefined && tail !== undefined && tail !== "") {
    const path = `${label}.${rest.name}`;
    if (missing !== undefined) inputError(C.subfieldValue, path, `given without ${missing} before it`, out.length);
    if (tail.length > rest.maxLength)
      inputError(C.subfieldLength, path, `length ${tail.length} exceeds max ${rest.maxLength}`, out.length);
    checkChars(tail, rest.type, path, out.length);
    out += tail;
  }
  return out;
}
