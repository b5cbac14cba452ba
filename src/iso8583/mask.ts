/**
 * What a person may see of a field (STYLE.md habit 7; PCI DSS v4 req. 3.4.1):
 * the spec row's `mask` column decides. PANs keep first 6 / last 4, tracks keep
 * the masked PAN and hide the rest, PIN blocks and keys show only their size,
 * DE 55 is shown parsed with PAN/track/name/cryptogram tags masked by src/emv.
 */
import { toHex } from "../bytes/index.js";
import { maskPan } from "../card/index.js";
import { decodeTlv, describeTlv, type TlvView } from "../emv/index.js";
import { isCardwireError } from "../errors/index.js";
import { fromHexLoose } from "./hex.js";
import type { FieldSpec, FieldValue } from "./types.js";

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

/** Field value as display text: strings as is, bytes as uppercase hex, masked unless `reveal`. */
export function fieldText(f: FieldSpec | undefined, v: FieldValue, options?: ViewOptions): string {
  const reveal = options?.reveal === true;
  if (!reveal && f?.mask !== undefined) {
    switch (f.mask) {
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
export function iccView(v: FieldValue, options?: ViewOptions): IccView {
  const reveal = options?.reveal === true;
  const bytes = typeof v === "string" ? fromHexLoose(v) : v;
  const hex = bytes === undefined ? undefined : toHex(bytes);
  if (bytes === undefined) return { ...(reveal && { hex: String(v) }), error: "not BER-TLV: value is not hex" };
  try {
    const items = decodeTlv(bytes, { field: "DE 55" });
    return { ...(reveal && { hex }), tlv: describeTlv(items, { showCryptograms: reveal }) };
  } catch (e) {
    if (isCardwireError(e)) return { ...(reveal && { hex }), error: `${e.code}: ${e.message}` };
    throw e;
  }
}
