/** Hex text ⇄ bytes, portable (no Buffer). */
import { BytesError, BytesErrorCodes } from "./errors.js";

const HEX = "0123456789ABCDEF";
const LOOKUP: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 16; i++) {
    t[HEX.charCodeAt(i)] = i;
    t[HEX.toLowerCase().charCodeAt(i)] = i;
  }
  return t;
})();

/** Uppercase hex of `bytes` (or of `bytes[start, end)`). */
export function toHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = "";
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    s += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return s;
}

/** Parses hex text (either case, no separators). Throws `bytes.hex` on odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) {
    throw new BytesError(BytesErrorCodes.hex, `hex text has odd length ${hex.length}`, { offset: hex.length });
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const c1 = hex.charCodeAt(2 * i);
    const c2 = hex.charCodeAt(2 * i + 1);
    const hi = c1 > 0xff ? -1 : (LOOKUP[c1] as number);
    const lo = c2 > 0xff ? -1 : (LOOKUP[c2] as number);
    if (hi < 0 || lo < 0) {
      const offset = hi < 0 ? 2 * i : 2 * i + 1;
      throw new BytesError(BytesErrorCodes.hex, `not a hex digit at offset ${offset}`, { offset });
    }
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** True when `s` is non-empty-or-empty even-length hex text. */
export function isHex(s: string): boolean {
  return s.length % 2 === 0 && /^[0-9A-Fa-f]*$/.test(s);
}
