/**
 * Subfields of a data element, as data (moov-io's composite fields, jPOS's
 * subfield packagers): a field row may declare `subfields` — a `tlv`,
 * `positional` or `ber-tlv` layout — and these pure functions read a field
 * value into ordered entries and write entries back into a field value.
 * They sit a layer above pack/unpack: `packMessage` never sees a layout.
 *
 * ```ts
 * const layout = spec.fields[48]!.subfields!;
 * const { entries } = unpackSubfields(layout, message.fields[48]!, { de: 48 }) as TextSubfields;
 * const de48 = packSubfields(layout, [{ id: "tcc", value: "R" }, { id: "26", value: "103" }], { de: 48 });
 * ```
 *
 * Strict by default: every problem is an `Iso8583Error` (`iso8583.subfield_*`,
 * or `iso8583.spec` for a malformed layout) naming the field, the subfield or
 * tag and the offset within the field: `DE 48.SE 26: length 5 exceeds max 3 at offset 3`.
 * Values never appear in messages. Unknown TLV tags are kept and listed
 * unless the layout says `unknownTags: "error"`.
 */
import type { Tlv, TlvInput } from "../emv/index.js";
import { fieldError, Iso8583ErrorCodes } from "./errors.js";
import { packBer, unpackBer } from "./subfields/ber.js";
import { compileLayout } from "./subfields/layout.js";
import {
  packPositional,
  packTlv,
  type SubfieldEntry,
  type TextSubfieldsInput,
  type UnpackedSubfield,
  unpackPositional,
  unpackTlv,
} from "./subfields/text.js";
import type { BerTlvLayout, FieldValue, PositionalLayout, SubfieldLayout, TlvLayout } from "./types.js";

export { checkSubfieldLayout } from "./subfields/layout.js";
export type { SubfieldEntry, TextSubfieldsInput, UnpackedSubfield } from "./subfields/text.js";

export interface SubfieldOptions {
  /** The data element, for error paths (`DE 48.SE 26`). */
  readonly de?: number;
  /** Or the whole path prefix, e.g. `"DE 48"`; default `DE <de>`, or `subfields`. */
  readonly field?: string;
}

/** Text layouts: entries in field order; `unknownTags` lists TLV tags the table lacks (in order, repeats once). */
export interface TextSubfields {
  readonly kind: "tlv" | "positional";
  readonly entries: readonly UnpackedSubfield[];
  readonly unknownTags: readonly string[];
}

/** BER-TLV layouts: src/emv's decoded objects (values are views into the field's bytes). */
export interface BerTlvSubfields {
  readonly kind: "ber-tlv";
  readonly items: readonly Tlv[];
}

export type UnpackedSubfields = TextSubfields | BerTlvSubfields;

/** What `packSubfields` takes: text entries (list or object), or src/emv `TlvInput`s for `ber-tlv`. */
export type SubfieldsInput = TextSubfieldsInput | readonly TlvInput[];

function labelOf(options: SubfieldOptions | undefined): string {
  if (options?.field !== undefined) return options.field;
  return options?.de !== undefined ? `DE ${options.de}` : "subfields";
}

/** Reads `value` with `layout`. Throws only `Iso8583Error`, whatever the value. */
export function unpackSubfields(
  layout: SubfieldLayout,
  value: FieldValue,
  options?: SubfieldOptions,
): UnpackedSubfields {
  const label = labelOf(options);
  const c = compileLayout(layout, label);
  if (c.kind === "ber-tlv") return { kind: "ber-tlv", items: unpackBer(layout as BerTlvLayout, value, label) };
  if (typeof value !== "string") {
    throw fieldError(Iso8583ErrorCodes.subfieldValue, label, `${c.kind} subfields need text, got bytes`, 0);
  }
  const entries =
    c.kind === "tlv"
      ? unpackTlv(layout as TlvLayout, c, value, label)
      : unpackPositional(layout as PositionalLayout, c, value, label);
  const unknown = new Set<string>();
  for (const e of entries) if (!e.known) unknown.add(e.id);
  return { kind: c.kind, entries, unknownTags: [...unknown] };
}

/**
 * Writes entries into a field value: a string for `tlv`/`positional`, bytes (or hex text with
 * `carrier: "hex"`) for `ber-tlv`. A list is written in its order (TLV prefix subfields first);
 * an object's TLV tags go in table order, then unknown tags sorted. Never modifies `input`.
 */
export function packSubfields(
  layout: TlvLayout | PositionalLayout,
  input: TextSubfieldsInput,
  options?: SubfieldOptions,
): string;
export function packSubfields(layout: BerTlvLayout, input: readonly TlvInput[], options?: SubfieldOptions): FieldValue;
export function packSubfields(layout: SubfieldLayout, input: SubfieldsInput, options?: SubfieldOptions): FieldValue;
export function packSubfields(layout: SubfieldLayout, input: SubfieldsInput, options?: SubfieldOptions): FieldValue {
  const label = labelOf(options);
  const c = compileLayout(layout, label);
  switch (c.kind) {
    case "ber-tlv":
      return packBer(layout as BerTlvLayout, input, label);
    case "tlv":
      return packTlv(layout as TlvLayout, c, input, label);
    default:
      return packPositional(layout as PositionalLayout, c, input, label);
  }
}

/**
 * Entries as an object keyed by id (`{ tcc: "R", "26": "103" }`). A repeated id (a layout with
 * `repeats: true`) is `iso8583.subfield_tag`: keep the list for those.
 */
export function subfieldRecord(entries: readonly SubfieldEntry[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const e of entries) {
    if (Object.hasOwn(out, e.id)) throw fieldError(Iso8583ErrorCodes.subfieldTag, `SE ${e.id}`, "repeated tag", 0);
    out[e.id] = e.value;
  }
  return out;
}
