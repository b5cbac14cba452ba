/**
 * What a person may see of a field (STYLE.md habit 7; PCI DSS v4 req. 3.4.1):
 * the spec row's `mask` column decides. PANs keep first 6 / last 4, tracks keep
 * the masked PAN and hide the rest, PIN blocks and keys show only their size,
 * DE 55 is shown parsed with PAN/track/name/cryptogram tags masked by src/emv.
 * Fields with a text subfield layout are shown parsed, each subfield masked by
 * its own `mask`; unknown TLV tags and remainders have Luhn-valid PANs masked.
 */
import { toHex } from "../bytes/index.js";
import { maskPan, redactCardData } from "../card/index.js";
import { decodeTlv, describeTlv, type TlvView } from "../emv/index.js";
import { isCardwireError } from "../errors/index.js";
import { fromHexLoose } from "./hex.js";
import { type UnpackedSubfield, unpackSubfields } from "./subfields.js";
import type { FieldSpec, FieldValue, MaskKind, PositionalLayout, SubfieldLayout, TlvLayout } from "./types.js";

export interface ViewOptions {
  /** Show every value in clear (PAN, tracks, PIN block, cryptograms). */
  readonly reveal?: boolean;
}

/** Track 2 text: masked PAN, the separator, then `*` for expiry, service code and discretionary data. */
function maskTrack2(v: string): string {
  const sep = v.search(/[=D]/);
  if (sep < 0) return maskPan(v);
  return `${maskPan(v.slice(0, sep))}${v[sep]}${"*".repeat(v.length - sep - 1)}`;
}

function sizeOnly(v: FieldValue, what: string): string {
  return typeof v === "string" ? `[${what}: ${v.length} characters]` : `[${what}: ${v.length} bytes]`;
}

function masked(mask: MaskKind, v: FieldValue): string {
  switch (mask) {
    case "pan":
      return maskPan(typeof v === "string" ? v : toHex(v));
    case "track2":
      return maskTrack2(typeof v === "string" ? v : toHex(v));
    case "track1":
      return sizeOnly(v, "track 1");
    case "track3":
      return sizeOnly(v, "track 3");
    case "emv":
      return sizeOnly(v, "ICC data");
    default:
      return sizeOnly(v, "secret");
  }
}

/** Field value as display text: strings as is, bytes as uppercase hex, masked unless `reveal`. */
export function fieldText(f: FieldSpec | undefined, v: FieldValue, options?: ViewOptions): string {
  if (options?.reveal !== true && f?.mask !== undefined) return masked(f.mask, v);
  return typeof v === "string" ? v : toHex(v);
}

export interface IccView {
  /** The whole field in hex, only with `reveal`. */
  readonly hex?: string;
  readonly tlv?: readonly TlvView[];
  /** Why the value did not parse as BER-TLV (code and position, never the value). */
  readonly error?: string;
}

/** DE 55 parsed through src/emv's strict BER-TLV decoder; hex text (iso_8583's dialect) is accepted too. */
export function iccView(v: FieldValue, options?: ViewOptions, field = "DE 55"): IccView {
  const reveal = options?.reveal === true;
  const bytes = typeof v === "string" ? fromHexLoose(v) : v;
  const hex = bytes === undefined ? undefined : toHex(bytes);
  if (bytes === undefined) return { ...(reveal && { hex: String(v) }), error: "not BER-TLV: value is not hex" };
  try {
    const items = decodeTlv(bytes, { field });
    return { ...(reveal && { hex }), tlv: describeTlv(items, { showCryptograms: reveal }) };
  } catch (e) {
    if (isCardwireError(e)) return { ...(reveal && { hex }), error: `${e.code}: ${e.message}` };
    throw e;
  }
}

export interface SubfieldItemView {
  /** TLV tag, or the prefix/positional/remainder name. */
  readonly id: string;
  readonly name: string;
  /** Characters in the field (the value shown may be masked). */
  readonly length: number;
  readonly value: string;
  /** Set on a TLV tag the layout's table lacks. */
  readonly unknown?: true;
}

export interface SubfieldsView {
  /** The whole field text: with `reveal`, or (masked) when the subfields do not parse. */
  readonly value?: string;
  readonly subfields?: readonly SubfieldItemView[];
  /** TLV tags the layout's table lacks, when there are any. */
  readonly unknownTags?: readonly string[];
  /** Why the value did not parse (`code: message`; messages carry positions, never values). */
  readonly error?: string;
}

/** PCI DSS first 6 / last 4 applies from 13 digits (src/card maskPan): a longer digit run may hold a whole PAN. */
const LONG_DIGIT_RUN = /[0-9]{13,}/g;

/**
 * Text nobody described: Luhn-valid PANs keep first 6 / last 4 (src/card `redactCardData`), and
 * any other run of 13+ digits, which could hold a PAN with other digits around it, keeps its last 4.
 */
function scrubDigits(text: string): string {
  return redactCardData(text).replace(LONG_DIGIT_RUN, (run) => "*".repeat(run.length - 4) + run.slice(-4));
}

/**
 * One subfield as a person may see it: its own mask, else the field's (`fieldMask`); unknown tags
 * and remainders without either are scrubbed of PAN-like digits.
 */
export function subfieldText(e: UnpackedSubfield, options?: ViewOptions, fieldMask?: MaskKind): string {
  if (options?.reveal === true) return e.value;
  const mask = e.mask ?? fieldMask;
  if (mask !== undefined) return masked(mask, e.value);
  return e.known && e.role !== "rest" ? e.value : scrubDigits(e.value);
}

function declaresMasks(layout: SubfieldLayout): boolean {
  if (layout.kind === "tlv") return [...(layout.prefix ?? []), ...layout.tags].some((r) => r.mask !== undefined);
  if (layout.kind === "positional") return [...layout.subfields, layout.rest].some((r) => r?.mask !== undefined);
  return true;
}

/** The whole field when its subfields cannot be shown: field mask, else size only if any subfield is masked. */
function unparsedText(f: FieldSpec, layout: SubfieldLayout, v: FieldValue, options?: ViewOptions): string {
  if (options?.reveal === true || f.mask !== undefined) return fieldText(f, v, options);
  if (declaresMasks(layout)) return sizeOnly(v, "unparsed");
  return typeof v === "string" ? scrubDigits(v) : toHex(v);
}

/**
 * A text-layout field parsed and masked per subfield. Never throws for a value that unpacked:
 * a value its layout rejects comes back whole (masked) with the error code and message.
 */
export function subfieldsView(
  f: FieldSpec,
  layout: TlvLayout | PositionalLayout,
  v: FieldValue,
  de: number,
  options?: ViewOptions,
): SubfieldsView {
  const reveal = options?.reveal === true;
  try {
    const r = unpackSubfields(layout, v, { de });
    if (r.kind === "ber-tlv") return {}; // not reached: text layouts unpack to entries
    const subfields = r.entries.map((e) => ({
      id: e.id,
      name: e.description,
      length: e.value.length,
      value: subfieldText(e, options, f.mask),
      ...(!e.known && { unknown: true as const }),
    }));
    return {
      ...(reveal && { value: fieldText(f, v, options) }),
      subfields,
      ...(r.unknownTags.length > 0 && { unknownTags: r.unknownTags }),
    };
  } catch (e) {
    if (isCardwireError(e)) return { value: unparsedText(f, layout, v, options), error: `${e.code}: ${e.message}` };
    throw e;
  }
}
