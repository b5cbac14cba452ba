/**
 * BER tag codec (ISO/IEC 8825-1 §8.1.2; EMV 4.4 Book 3 Annex B1). Tags are
 * numbers holding the tag bytes big-endian (`0x9F26`); "9F26" is the text form.
 */
import { EmvError, EmvErrorCodes } from "./errors.js";

/** EMV tags are at most 3 bytes (Book 3 Annex B2); accept 4 so a number holds any tag we keep. */
export const MAX_TAG_BYTES = 4;

/** "9F26" spelling of a numeric tag. */
export function tagHex(tag: number): string {
  let s = tag.toString(16).toUpperCase();
  if (s.length % 2 === 1) s = `0${s}`;
  return s;
}

/** Bytes of a numeric tag, big-endian, without leading zero bytes. */
export function tagBytes(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) {
    throw new EmvError(EmvErrorCodes.tlvTag, `tag ${String(tag)} is not a 1–4 byte tag`);
  }
  const out: number[] = [];
  let t = tag;
  do {
    out.unshift(t % 256);
    t = Math.floor(t / 256);
  } while (t > 0);
  checkTagForm(out, tagHex(tag));
  return Uint8Array.from(out);
}

/** Parses "9F26" (or a number) into the numeric tag, checking it is a well-formed BER tag. */
export function parseTag(tag: number | string): number {
  if (typeof tag === "number") {
    tagBytes(tag);
    return tag;
  }
  if (!/^(?:[0-9A-Fa-f]{2}){1,4}$/.test(tag)) {
    throw new EmvError(EmvErrorCodes.tlvTag, `tag "${tag}" is not 1–4 bytes of hex`);
  }
  const n = Number.parseInt(tag, 16);
  const bytes = tagBytes(n);
  if (bytes.length * 2 !== tag.length) {
    throw new EmvError(EmvErrorCodes.tlvTag, `tag "${tag}" has a leading zero byte`);
  }
  return n;
}

/** Bit 6 of the first tag byte marks a constructed object (ISO/IEC 8825-1 §8.1.2.5). */
export function isConstructedTag(tag: number): boolean {
  const first = tagBytes(tag)[0] as number;
  return (first & 0x20) !== 0;
}

// ISO/IEC 8825-1 §8.1.2.4: low 5 bits all ones → more tag bytes follow, each
// with b8 set except the last.
function checkTagForm(bytes: readonly number[], name: string): void {
  const first = bytes[0] as number;
  const multi = (first & 0x1f) === 0x1f;
  if (!multi) {
    if (bytes.length !== 1)
      throw new EmvError(EmvErrorCodes.tlvTag, `tag ${name}: first byte does not announce more bytes`);
    return;
  }
  if (bytes.length < 2) throw new EmvError(EmvErrorCodes.tlvTag, `tag ${name}: needs a subsequent byte`);
  for (let i = 1; i < bytes.length; i++) {
    const more = ((bytes[i] as number) & 0x80) !== 0;
    if (more !== i < bytes.length - 1) {
      throw new EmvError(EmvErrorCodes.tlvTag, `tag ${name}: byte ${i} has the wrong continuation bit`);
    }
  }
}
