/** Hex helpers local to the codec's views (the strict parser is src/bytes `fromHex`). */
import { HEX_VALUE } from "./charsets.js";

/** Bytes of even-length hex text, or undefined if `s` is not hex. */
export function fromHexLoose(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const a = s.charCodeAt(2 * i);
    const b = s.charCodeAt(2 * i + 1);
    const hi = a < 256 ? (HEX_VALUE[a] as number) : -1;
    const lo = b < 256 ? (HEX_VALUE[b] as number) : -1;
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}
