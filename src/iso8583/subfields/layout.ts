/**
 * Subfield layouts checked once (moov-io validates a composite spec before
 * use): `checkSubfieldLayout` is what `defineSpec` runs on a field row that
 * declares `subfields`; `compileLayout` checks a layout handed straight to
 * `unpackSubfields`/`packSubfields` and caches the lookup tables, so a bad
 * hand-built layout is an `iso8583.spec` error, never a loop or a TypeError.
 */
import { charAllowed, TYPE_MASK } from "../charsets.js";
import { Iso8583Error, Iso8583ErrorCodes } from "../errors.js";
import type {
  FieldSpec,
  PositionalSubfield,
  RestSubfield,
  SubfieldLayout,
  SubfieldType,
  TlvTagSpec,
} from "../types.js";

const SUBFIELD_TYPES: ReadonlySet<string> = new Set(["n", "a", "an", "ans", "as", "ns", "anp", "b"]);
const MASK_KINDS: ReadonlySet<string> = new Set(["pan", "track2", "track1", "track3", "secret", "emv"]);
/** Entry ids of prefix, positional and rest subfields: identifiers, so they never read as a tag or a number. */
const NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_TAG_WIDTH = 8;
const MAX_LENGTH_DIGITS = 4;
/** Widths above a 4-digit length prefix (ISO 8583 LLLL, 9999) cannot occur in any field. */
const MAX_WIDTH = 9999;
const HEX_UPPER = "0123456789ABCDEF";

export interface CompiledTlv {
  readonly kind: "tlv";
  readonly tags: ReadonlyMap<string, TlvTagSpec>;
  readonly prefixNames: ReadonlySet<string>;
}
export interface CompiledPositional {
  readonly kind: "positional";
  readonly names: ReadonlyMap<string, number>;
  readonly required: number;
}
export type CompiledLayout = CompiledTlv | CompiledPositional | { readonly kind: "ber-tlv" };

const cache = new WeakMap<object, CompiledLayout>();

class LayoutProblem {
  constructor(readonly what: string) {}
}

function problem(what: string): never {
  throw new LayoutProblem(what);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function wholeNumber(x: unknown, min: number, max: number): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= min && x <= max;
}

/** Index of the first character of `v` outside `type` (uppercase hex for `b`), or -1. */
export function firstBadChar(v: string, type: SubfieldType): number {
  if (type === "b") {
    for (let i = 0; i < v.length; i++) if (!HEX_UPPER.includes(v[i] as string)) return i;
    return -1;
  }
  const mask = TYPE_MASK[type];
  for (let i = 0; i < v.length; i++) if (!charAllowed(mask, v.charCodeAt(i))) return i;
  return -1;
}

/** True when a tag of `width` characters can hold exactly `tag`. */
export function tagShapeOk(tag: string, width: number, tagType: "n" | "an"): boolean {
  return tag.length === width && firstBadChar(tag, tagType === "n" ? "n" : "an") < 0 && !tag.includes(" ");
}

function checkCommon(row: unknown, what: string): Record<string, unknown> {
  if (!isObject(row)) problem(`${what} must be an object`);
  if (typeof row.description !== "string") problem(`${what} needs a description`);
  if (typeof row.type !== "string" || !SUBFIELD_TYPES.has(row.type))
    problem(`${what}: type ${String(row.type)} is not a subfield type`);
  if (row.mask !== undefined && (typeof row.mask !== "string" || !MASK_KINDS.has(row.mask))) {
    problem(`${what}: mask ${String(row.mask)} is not a mask kind`);
  }
  return row;
}

function checkNamed(row: unknown, what: string, names: Set<string>): Record<string, unknown> {
  const r = checkCommon(row, what);
  if (typeof r.name !== "string" || !NAME_RE.test(r.name))
    problem(`${what}: name must be an identifier (letter first)`);
  if (names.has(r.name)) problem(`${what}: name ${r.name} used twice`);
  names.add(r.name);
  return r;
}

function checkPositional(row: unknown, what: string, names: Set<string>): PositionalSubfield {
  const r = checkNamed(row, what, names);
  if (!wholeNumber(r.width, 1, MAX_WIDTH)) problem(`${what}: width ${String(r.width)} must be 1–${MAX_WIDTH}`);
  if (r.type === "b" && r.width % 2 !== 0) problem(`${what}: a b subfield is hex text, its width must be even`);
  return r as unknown as PositionalSubfield;
}

function compileTlv(l: Record<string, unknown>): CompiledTlv {
  if (!wholeNumber(l.tagWidth, 1, MAX_TAG_WIDTH)) problem(`tagWidth ${String(l.tagWidth)} must be 1–${MAX_TAG_WIDTH}`);
  if (!wholeNumber(l.lengthDigits, 1, MAX_LENGTH_DIGITS)) {
    problem(`lengthDigits ${String(l.lengthDigits)} must be 1–${MAX_LENGTH_DIGITS}`);
  }
  const tagType = l.tagType ?? "n";
  if (tagType !== "n" && tagType !== "an") problem(`tagType ${String(l.tagType)} must be n or an`);
  if (l.unknownTags !== undefined && l.unknownTags !== "keep" && l.unknownTags !== "error") {
    problem(`unknownTags ${String(l.unknownTags)} must be keep or error`);
  }
  if (l.repeats !== undefined && typeof l.repeats !== "boolean") problem("repeats must be a boolean");
  const limit = 10 ** l.lengthDigits - 1;
  const names = new Set<string>();
  if (l.prefix !== undefined && !Array.isArray(l.prefix)) problem("prefix must be a list of subfields");
  for (const [i, p] of ((l.prefix as unknown[] | undefined) ?? []).entries()) {
    const row = checkPositional(p, `prefix ${i + 1}`, names);
    if (tagShapeOk(row.name, l.tagWidth, tagType)) problem(`prefix ${i + 1}: name ${row.name} reads as a tag`);
  }
  if (!Array.isArray(l.tags)) problem("tags must be a list (empty for none)");
  const tags = new Map<string, TlvTagSpec>();
  for (const [i, t] of (l.tags as unknown[]).entries()) {
    const r = checkCommon(t, `tag row ${i + 1}`);
    const tag = r.tag;
    if (typeof tag !== "string" || !tagShapeOk(tag, l.tagWidth, tagType)) {
      problem(`tag row ${i + 1}: tag must be ${l.tagWidth} characters of type ${tagType}`);
    }
    if (tags.has(tag)) problem(`tag ${tag} listed twice`);
    if (!wholeNumber(r.maxLength, 1, limit)) problem(`tag ${tag}: maxLength ${String(r.maxLength)} must be 1–${limit}`);
    const min = r.minLength ?? 0;
    if (!wholeNumber(min, 0, r.maxLength)) problem(`tag ${tag}: minLength ${String(r.minLength)} must be 0–maxLength`);
    if (r.type === "b" && (r.maxLength % 2 !== 0 || min % 2 !== 0)) {
      problem(`tag ${tag}: a b subelement is hex text, its lengths must be even`);
    }
    tags.set(tag, r as unknown as TlvTagSpec);
  }
  return { kind: "tlv", tags, prefixNames: names };
}

function compilePositional(l: Record<string, unknown>): CompiledPositional {
  if (!Array.isArray(l.subfields) || l.subfields.length === 0) problem("subfields must be a non-empty list");
  const names = new Set<string>();
  const index = new Map<string, number>();
  for (const [i, s] of (l.subfields as unknown[]).entries()) {
    index.set(checkPositional(s, `subfield ${i + 1}`, names).name, i);
  }
  const n = index.size;
  const required = l.required ?? n;
  if (!wholeNumber(required, 0, n)) problem(`required ${String(l.required)} must be 0–${n}`);
  if (l.rest !== undefined) {
    const r = checkNamed(l.rest, "rest", names);
    if (!wholeNumber(r.maxLength, 1, MAX_WIDTH))
      problem(`rest: maxLength ${String(r.maxLength)} must be 1–${MAX_WIDTH}`);
  }
  return { kind: "positional", names: index, required };
}

function compileAny(layout: unknown): CompiledLayout {
  if (!isObject(layout)) problem("a layout must be an object");
  if (typeof layout.description !== "string") problem("a layout needs a description");
  switch (layout.kind) {
    case "tlv":
      return compileTlv(layout);
    case "positional":
      return compilePositional(layout);
    case "ber-tlv":
      if (layout.carrier !== undefined && layout.carrier !== "bytes" && layout.carrier !== "hex") {
        problem(`carrier ${String(layout.carrier)} must be bytes or hex`);
      }
      return { kind: "ber-tlv" };
    default:
      return problem(`kind ${String(layout.kind)} must be tlv, positional or ber-tlv`);
  }
}

function layoutError(where: string, what: string, field: string): Iso8583Error {
  return new Iso8583Error(Iso8583ErrorCodes.spec, `${where}: subfields: ${what}`, { field });
}

/**
 * The compiled tables of a layout, checking it on first use; `iso8583.spec` for a malformed layout.
 * Cached by object identity: layouts are data, do not mutate one after its first use.
 */
export function compileLayout(layout: SubfieldLayout, where: string, field = where): CompiledLayout {
  const hit = typeof layout === "object" && layout !== null ? cache.get(layout) : undefined;
  if (hit !== undefined) return hit;
  try {
    const c = compileAny(layout);
    cache.set(layout, c);
    return c;
  } catch (e) {
    if (e instanceof LayoutProblem) throw layoutError(where, e.what, field);
    throw e;
  }
}

/** Does every character `sub` allows fit a field of type `field`? (Tag and length characters included.) */
function fitsField(sub: SubfieldType, field: FieldSpec["type"]): boolean {
  if (field === "b" || field === "x+n") return false;
  const fieldMask = TYPE_MASK[field];
  if (sub === "b") return [...HEX_UPPER].every((ch) => charAllowed(fieldMask, ch.charCodeAt(0)));
  const subMask = TYPE_MASK[sub];
  for (let c = 0; c < 256; c++) if (charAllowed(subMask, c) && !charAllowed(fieldMask, c)) return false;
  return true;
}

function widthOf(rows: readonly PositionalSubfield[] | undefined): number {
  return (rows ?? []).reduce((sum, r) => sum + r.width, 0);
}

function fieldFit(f: FieldSpec, layout: SubfieldLayout): string | undefined {
  if (layout.kind === "ber-tlv") {
    const carrier = layout.carrier ?? "bytes";
    if ((carrier === "bytes") !== (f.type === "b")) {
      return f.type === "b"
        ? "a b field carries BER-TLV as bytes (carrier bytes)"
        : "a text field carries BER-TLV as hex text (carrier hex)";
    }
    return carrier === "hex" && !fitsField("b", f.type) ? `type ${f.type} cannot hold hex text` : undefined;
  }
  if (f.type === "b" || f.type === "x+n" || f.type === "z")
    return `${layout.kind} subfields need a text field, not type ${f.type}`;
  const rows: readonly (PositionalSubfield | TlvTagSpec | RestSubfield)[] =
    layout.kind === "tlv"
      ? [...(layout.prefix ?? []), ...layout.tags]
      : [...layout.subfields, ...(layout.rest ? [layout.rest] : [])];
  if (layout.kind === "tlv" && !fitsField(layout.tagType ?? "n", f.type))
    return `tags of type ${layout.tagType ?? "n"} do not fit type ${f.type}`;
  if (layout.kind === "tlv" && !fitsField("n", f.type)) return `decimal length prefixes do not fit type ${f.type}`;
  for (const r of rows) {
    if (!fitsField(r.type, f.type))
      return `${"tag" in r ? `tag ${r.tag}` : r.name}: type ${r.type} does not fit field type ${f.type}`;
  }
  if (layout.kind === "tlv") {
    const w = widthOf(layout.prefix);
    return w > f.length ? `prefix of ${w} characters exceeds the field's ${f.length}` : undefined;
  }
  const w = widthOf(layout.subfields);
  if (w > f.length) return `subfields cover ${w} characters, the field holds at most ${f.length}`;
  if (
    f.lengthType === "fixed" &&
    w !== f.length &&
    (layout.rest === undefined || w + layout.rest.maxLength < f.length)
  ) {
    return `subfields cover ${w} characters of a fixed field of ${f.length}`;
  }
  return undefined;
}

/**
 * What `defineSpec` runs on each field row: a row without `subfields` passes; a layout must be
 * well formed (`compileLayout`) and fit its field (kind against type, characters, widths).
 * Throws `iso8583.spec` as `spec <name>: DE 48: subfields: <what>`.
 */
export function checkSubfieldLayout(name: string, de: number, f: FieldSpec): void {
  if (f.subfields === undefined) return;
  const where = `spec ${name}: DE ${de}`;
  compileLayout(f.subfields, where, name);
  const misfit = fieldFit(f, f.subfields);
  if (misfit !== undefined) throw layoutError(where, misfit, name);
}
