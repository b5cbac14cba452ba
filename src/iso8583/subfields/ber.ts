/**
 * BER-TLV subfields through src/emv (strict decoder, minimal-length encoder):
 * no second TLV parser. EmvErrors come back as `iso8583.subfield_ber_tlv`
 * with the EmvError as `cause`, so a subfield layer only ever throws
 * Iso8583Errors. A text field (`carrier: "hex"`) holds the bytes as hex text.
 */
import { toHex } from "../../bytes/index.js";
import { decodeTlv, EmvError, encodeTlv, type Tlv, type TlvInput } from "../../emv/index.js";
import { fieldError, Iso8583Error, Iso8583ErrorCodes as C } from "../errors.js";
import { HEX_VALUE } from "../charsets.js";
import type { BerTlvLayout, FieldValue } from "../types.js";

/** Nesting accepted on both sides: src/emv's default decode depth (top level is 1). */
const MAX_DEPTH = 8;

function wrap(e: unknown, label: string): never {
  if (e instanceof EmvError) {
    throw new Iso8583Error(C.subfieldBerTlv, e.message.startsWith(label) ? e.message : `${label}: ${e.message}`, {
      field: e.field ?? label,
      ...(e.offset !== undefined && { offset: e.offset }),
      cause: e,
    });
  }
  throw e;
}

function hexBytes(v: string, label: string): Uint8Array {
  if (v.length % 2 !== 0) throw fieldError(C.subfieldLength, label, `hex text of odd length ${v.length}`, v.length - 1);
  const out = new Uint8Array(v.length >> 1);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const d = c < 256 ? (HEX_VALUE[c] as number) : -1;
    if (d < 0) throw fieldError(C.subfieldCharset, label, `character ${i + 1} is not a hex digit`, i);
    if (i % 2 === 1) out[i >> 1] = ((out[i >> 1] as number) << 4) | d;
    else out[i >> 1] = d;
  }
  return out;
}

export function unpackBer(layout: BerTlvLayout, v: FieldValue, label: string): Tlv[] {
  const hex = layout.carrier === "hex";
  if (hex !== (typeof v === "string")) {
    throw fieldError(C.subfieldValue, label, hex ? "expected hex text, got bytes" : "expected bytes, got text", 0);
  }
  const bytes = typeof v === "string" ? hexBytes(v, label) : v;
  try {
    return decodeTlv(bytes, { field: label, maxDepth: MAX_DEPTH });
  } catch (e) {
    return wrap(e, label);
  }
}

function checkItems(items: unknown, label: string, depth: number): void {
  if (!Array.isArray(items))
    throw fieldError(C.subfieldValue, label, "BER-TLV input must be a list of {tag, value | children}", 0);
  if (depth > MAX_DEPTH) throw fieldError(C.subfieldValue, label, `nesting deeper than ${MAX_DEPTH}`, 0);
  for (const [i, it] of items.entries()) {
    const where = `item ${i + 1}`;
    if (typeof it !== "object" || it === null) throw fieldError(C.subfieldValue, label, `${where} is not an object`, 0);
    const { tag, value, children } = it as { tag?: unknown; value?: unknown; children?: unknown };
    if (typeof tag !== "number" && !(typeof tag === "string" && tag.length <= 8)) {
      throw fieldError(C.subfieldValue, label, `${where}: tag must be a number or 1–4 bytes of hex`, 0);
    }
    if (value !== undefined && typeof value !== "string" && !(value instanceof Uint8Array)) {
      throw fieldError(C.subfieldValue, label, `${where}: value must be hex text or bytes`, 0);
    }
    if (children !== undefined) checkItems(children, label, depth + 1);
  }
}

export function packBer(layout: BerTlvLayout, input: unknown, label: string): FieldValue {
  checkItems(input, label, 1);
  let bytes: Uint8Array;
  try {
    bytes = encodeTlv(input as readonly TlvInput[]);
  } catch (e) {
    return wrap(e, label);
  }
  return layout.carrier === "hex" ? toHex(bytes) : bytes;
}
