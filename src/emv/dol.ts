/**
 * Data Object Lists (EMV 4.4 Book 3 §5.4): PDOL (9F38), CDOL1/2 (8C/8D),
 * DDOL, TDOL. A DOL is a list of tag + length with no values; the terminal
 * answers with the concatenated values, each fitted to the requested length.
 */
import { EmvError, EmvErrorCodes } from "./errors.js";
import { tagInfo } from "./tags.js";
import { tagHex } from "./tag-codec.js";

export interface DolEntry {
  readonly tag: number;
  readonly length: number;
  /** Offset of the entry within the DOL bytes. */
  readonly offset: number;
}

/** Parses a DOL: tags (BER, Book 3 Annex B1) each followed by a one-byte length. */
export function parseDol(dol: Uint8Array, field = "DOL"): DolEntry[] {
  const out: DolEntry[] = [];
  let p = 0;
  while (p < dol.length) {
    const offset = p;
    const first = dol[p++] as number;
    let tag = first;
    if ((first & 0x1f) === 0x1f) {
      let n = 1;
      for (;;) {
        if (p >= dol.length) {
          throw new EmvError(EmvErrorCodes.dol, `${field}: tag cut off at byte ${offset}`, { field, offset });
        }
        const b = dol[p++] as number;
        tag = tag * 256 + b;
        if ((b & 0x80) === 0) break;
        if (++n >= 4)
          throw new EmvError(EmvErrorCodes.dol, `${field}: tag longer than 4 bytes at byte ${offset}`, {
            field,
            offset,
          });
      }
    }
    if (p >= dol.length) {
      throw new EmvError(EmvErrorCodes.dol, `${field}.${tagHex(tag)}: length missing at byte ${p}`, {
        field: `${field}.${tagHex(tag)}`,
        offset: p,
      });
    }
    // Book 3 §5.4: the length in a DOL is always a single byte.
    const length = dol[p++] as number;
    out.push({ tag, length, offset });
  }
  return out;
}

/** Bytes of the concatenated DOL data (Book 3 §5.4). */
export function dolDataLength(entries: readonly DolEntry[]): number {
  return entries.reduce((n, e) => n + e.length, 0);
}

/**
 * Builds the DOL-related data (Book 3 §5.4 rules):
 * - absent data, or a constructed tag: zeros of the requested length;
 * - too long: numeric (`n`) values lose leftmost bytes, all others rightmost;
 * - too short: `n` is left padded with 00, `cn` right padded with FF, others right padded with 00.
 */
export function buildDolData(
  entries: readonly DolEntry[],
  lookup: ReadonlyMap<number, Uint8Array> | ((tag: number) => Uint8Array | undefined),
): Uint8Array {
  const get = typeof lookup === "function" ? lookup : (t: number) => lookup.get(t);
  const out = new Uint8Array(dolDataLength(entries));
  let o = 0;
  for (const e of entries) {
    const v = get(e.tag);
    const format = tagInfo(e.tag)?.format ?? "b";
    const constructed = (firstByte(e.tag) & 0x20) !== 0;
    if (v !== undefined && !constructed) {
      if (v.length >= e.length) {
        out.set(format === "n" ? v.subarray(v.length - e.length) : v.subarray(0, e.length), o);
      } else if (format === "n") {
        out.set(v, o + e.length - v.length);
      } else {
        out.set(v, o);
        if (format === "cn") out.fill(0xff, o + v.length, o + e.length);
      }
    }
    o += e.length;
  }
  return out;
}

function firstByte(tag: number): number {
  let t = tag;
  while (t > 0xff) t = Math.floor(t / 256);
  return t;
}
