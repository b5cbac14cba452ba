/**
 * BER-TLV encoder (ISO/IEC 8825-1 §8.1; EMV 4.4 Book 3 Annex B): objects in
 * the given order, minimal length fields, constructed objects from children.
 */
import { EmvError, EmvErrorCodes } from "./errors.js";
import { isConstructedTag, parseTag, tagBytes, tagHex } from "./tag-codec.js";
import type { Tlv, TlvInput } from "./tlv.js";

/** Minimal BER length field (ISO/IEC 8825-1 §8.1.3.4–5). */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) {
    throw new EmvError(EmvErrorCodes.tlvLength, `length ${String(length)} cannot be encoded`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  let n = length;
  while (n > 0) {
    bytes.unshift(n % 256);
    n = Math.floor(n / 256);
  }
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

function valueBytes(input: TlvInput, name: string): Uint8Array {
  const v = input.value;
  if (v === undefined) return new Uint8Array(0);
  if (typeof v !== "string") return v;
  if (!/^(?:[0-9A-Fa-f]{2})*$/.test(v)) {
    throw new EmvError(EmvErrorCodes.format, `tag ${name}: value is not even-length hex`, { field: name });
  }
  const out = new Uint8Array(v.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(v.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function encodeParts(items: readonly TlvInput[], parts: Uint8Array[], depth: number): number {
  if (depth > 64) throw new EmvError(EmvErrorCodes.tlvDepth, "encode: nesting deeper than 64");
  let total = 0;
  for (const item of items) {
    const tag = parseTag(item.tag);
    const name = tagHex(tag);
    const tb = tagBytes(tag);
    let body: Uint8Array[];
    let len: number;
    if (item.children !== undefined) {
      if (!isConstructedTag(tag)) {
        throw new EmvError(EmvErrorCodes.tlvTag, `tag ${name} is primitive but has children`, { field: name });
      }
      if (item.value !== undefined) {
        throw new EmvError(EmvErrorCodes.tlvTag, `tag ${name}: give either value or children, not both`, {
          field: name,
        });
      }
      body = [];
      len = encodeParts(item.children, body, depth + 1);
    } else {
      const v = valueBytes(item, name);
      body = [v];
      len = v.length;
    }
    const lb = encodeLength(len);
    parts.push(tb, lb, ...body);
    total += tb.length + lb.length + len;
  }
  return total;
}

/** Encodes objects in the given order with minimal length fields. Never modifies `items`. */
export function encodeTlv(items: readonly TlvInput[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const total = encodeParts(items, parts, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Turns decoded objects back into encoder input (children kept structured). */
export function toTlvInput(items: readonly Tlv[]): TlvInput[] {
  return items.map((t) =>
    t.children !== undefined ? { tag: t.tag, children: toTlvInput(t.children) } : { tag: t.tag, value: t.value },
  );
}
