/**
 * Spec validation and compilation, done once per spec (moov-io validates its
 * specs the same way): every field row is checked for a consistent type,
 * encoding, length kind and pad rule, then compiled into a codec table indexed
 * by field number. `deriveSpec` copies a spec with changes — the way to adapt a
 * shipped spec to an acquirer's dialect.
 */
import { Iso8583Error, Iso8583ErrorCodes } from "./errors.js";
import { compileField, type FieldCodec } from "./field.js";
import type { JitCodec } from "./jit.js";
import { ShapeCache } from "./shapes.js";
import { checkSubfieldLayout } from "./subfields/layout.js";
import type { FieldSpec, MessageSpec, MessageSpecInput } from "./types.js";

export interface CompiledSpec {
  readonly spec: MessageSpec;
  /** Codecs by field number (index 0–192); undefined where the spec defines none. */
  readonly codecs: readonly (FieldCodec | undefined)[];
  readonly fieldNumbers: Uint8Array;
  /** Templates for unpack's `fields` objects (see shapes.ts). */
  readonly shapes: ShapeCache;
  /** Generated pack/unpack (jit.ts): built on first use; null where it does not apply or cannot run. */
  jit: JitCodec | null | undefined;
}

const compiled = new WeakMap<MessageSpec, CompiledSpec>();
let lastSpec: MessageSpec | undefined;
let lastCompiled: CompiledSpec | undefined;

function specError(name: string, what: string): Iso8583Error {
  return new Iso8583Error(Iso8583ErrorCodes.spec, `spec ${name}: ${what}`, { field: name });
}

const TEXT_ENCODINGS = new Set(["ascii", "ebcdic", "bcd", "sign-bcd"]);
const BYTE_ENCODINGS = new Set(["binary", "hex", "ebcdic-hex"]);

function checkField(name: string, de: number, f: FieldSpec): void {
  const where = `DE ${de}`;
  if (!Number.isInteger(de) || de < 2 || de > 192 || de === 65) {
    throw specError(name, `${where}: field numbers run 2–192 except 65 (bits 1 and 65 are bitmaps)`);
  }
  if (!Number.isInteger(f.length) || f.length < 0 || (f.lengthType === "fixed" && f.length === 0)) {
    throw specError(name, `${where}: length ${f.length} is not a valid size`);
  }
  if (f.type === "b" ? !BYTE_ENCODINGS.has(f.encoding) : !TEXT_ENCODINGS.has(f.encoding)) {
    throw specError(name, `${where}: type ${f.type} cannot use encoding ${f.encoding}`);
  }
  if ((f.encoding === "bcd" || f.encoding === "sign-bcd") && !(f.type === "n" || f.type === "z" || f.type === "x+n")) {
    throw specError(name, `${where}: BCD carries digits only (type n, z or x+n), not ${f.type}`);
  }
  if (f.encoding === "sign-bcd" && (f.type !== "x+n" || f.lengthType !== "fixed")) {
    throw specError(name, `${where}: sign-bcd is for fixed x+n amounts`);
  }
  if (f.lengthType !== "fixed") {
    if (f.lengthEncoding === undefined) throw specError(name, `${where}: variable field needs lengthEncoding`);
    const digits = f.lengthType.length;
    const limit = f.lengthEncoding === "binary" ? 256 ** Math.ceil(digits / 2) - 1 : 10 ** digits - 1;
    if (f.length > limit && f.lengthCounts !== "bytes") {
      throw specError(name, `${where}: max ${f.length} does not fit a ${f.lengthType} prefix`);
    }
  }
  checkSubfieldLayout(name, de, f);
}

/** Validates a spec table and compiles its codecs. Throws `iso8583.spec` naming the bad row. */
export function defineSpec(input: MessageSpecInput): MessageSpec {
  const name = input.name;
  if (!Number.isInteger(input.headerLength) || input.headerLength < 0) {
    throw specError(name, `headerLength ${input.headerLength} must be a whole number ≥ 0`);
  }
  const codecs: (FieldCodec | undefined)[] = new Array(193).fill(undefined);
  const numbers: number[] = [];
  for (const key of Object.keys(input.fields)) {
    const de = Number(key);
    const f = input.fields[de] as FieldSpec;
    checkField(name, de, f);
    codecs[de] = compileField(de, f);
    numbers.push(de);
  }
  numbers.sort((a, b) => a - b);
  const spec: MessageSpec = Object.freeze({
    ...input,
    fieldNumbers: Object.freeze(numbers),
    tertiary: numbers.some((de) => de > 128),
  });
  compiled.set(spec, {
    spec,
    codecs,
    fieldNumbers: Uint8Array.from(numbers),
    shapes: new ShapeCache(),
    jit: undefined,
  });
  return spec;
}

/** The compiled codecs of `spec`, compiling (and validating) a hand-built spec object on first use. */
export function compileSpec(spec: MessageSpec): CompiledSpec {
  // Callers pack and unpack with one spec at a time: skip the WeakMap lookup for a repeat.
  if (spec === lastSpec) return lastCompiled as CompiledSpec;
  let c = compiled.get(spec);
  if (c === undefined) {
    const again = defineSpec(spec);
    c = compiled.get(again) as CompiledSpec;
    compiled.set(spec, c);
  }
  lastSpec = spec;
  lastCompiled = c;
  return c;
}

export interface SpecChanges extends Partial<Omit<MessageSpecInput, "fields">> {
  readonly name: string;
  readonly description: string;
  /** Field rows to replace or add; `null` removes a field. */
  readonly fields?: { readonly [de: number]: FieldSpec | null };
}

/** A new spec: `base` with top-level settings and field rows changed. */
export function deriveSpec(base: MessageSpecInput, changes: SpecChanges): MessageSpec {
  const fields: Record<number, FieldSpec> = { ...base.fields };
  for (const [key, row] of Object.entries(changes.fields ?? {})) {
    if (row === null) delete fields[Number(key)];
    else fields[Number(key)] = row;
  }
  const { fields: _ignored, ...top } = changes;
  return defineSpec({
    name: top.name,
    description: top.description,
    headerLength: top.headerLength ?? base.headerLength,
    mtiEncoding: top.mtiEncoding ?? base.mtiEncoding,
    bitmapEncoding: top.bitmapEncoding ?? base.bitmapEncoding,
    ...((top.alwaysSecondaryBitmap ?? base.alwaysSecondaryBitmap) !== undefined && {
      alwaysSecondaryBitmap: top.alwaysSecondaryBitmap ?? base.alwaysSecondaryBitmap,
    }),
    fields,
  });
}
