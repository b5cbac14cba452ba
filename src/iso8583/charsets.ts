/**
 * Character tables for ISO 8583 text: EBCDIC code page 037 (IBM CCSID 37,
 * the code page of jPOS's EBCDIC packagers; digits and letters are the same in
 * CCSID 500) and the character classes of the data types (ISO 8583:1987 §4.2).
 */
import type { FieldType } from "./types.js";

/** EBCDIC byte → Latin-1 code, CCSID 37 (a bijection on 0x00–0xFF). */
const CP037_HEX =
  "000102039C09867F978D8E0B0C0D0E0F101112139D8508871819928F1C1D1E1F" +
  "80818283840A171B88898A8B8C050607909116939495960498999A9B14159E1A" +
  "20A0E2E4E0E1E3E5E7F1A22E3C282B7C26E9EAEBE8EDEEEFECDF21242A293BAC" +
  "2D2FC2C4C0C1C3C5C7D1A62C255F3E3FF8C9CACBC8CDCECFCC603A2340273D22" +
  "D8616263646566676869ABBBF0FDFEB1B06A6B6C6D6E6F707172AABAE6B8C6A4" +
  "B57E737475767778797AA1BFD0DDDEAE5EA3A5B7A9A7B6BCBDBE5B5DAFA8B4D7" +
  "7B414243444546474849ADF4F6F2F3F57D4A4B4C4D4E4F505152B9FBFCF9FAFF" +
  "5CF7535455565758595AB2D4D6D2D3D530313233343536373839B3DBDCD9DA9F";

export const EBCDIC_TO_LATIN1: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) t[i] = Number.parseInt(CP037_HEX.slice(2 * i, 2 * i + 2), 16);
  return t;
})();

export const LATIN1_TO_EBCDIC: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) t[EBCDIC_TO_LATIN1[i] as number] = i;
  return t;
})();

/** Bit flags per Latin-1 code: which data types accept the character. */
const DIGIT = 1;
const ALPHA = 2;
const SPACE = 4;
const SPECIAL = 8; // printable ASCII other than letters, digits and space
const TRACK = 16; // z: ISO 7813 track 2 code set as ISO 8583 carries it (digits, '=' or 'D' separator)

const CLASS: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0x21; c <= 0x7e; c++) t[c] = SPECIAL;
  for (let c = 0x30; c <= 0x39; c++) t[c] = DIGIT | TRACK;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = ALPHA;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = ALPHA;
  t[0x20] = SPACE;
  t[0x3d] = SPECIAL | TRACK; // '='
  t[0x44] = ALPHA | TRACK; // 'D', the separator as BCD nibble D reads back
  return t;
})();

/**
 * Allowed-class mask per type. `an`/`a` accept space: ISO 8583 pads fixed
 * alphanumeric fields with trailing spaces (DE 37 "4894        " in jPOS's images).
 * `x+n` is checked separately (sign, then digits).
 */
export const TYPE_MASK: Readonly<Record<FieldType, number>> = {
  n: DIGIT,
  a: ALPHA | SPACE,
  an: ALPHA | DIGIT | SPACE,
  anp: ALPHA | DIGIT | SPACE,
  as: ALPHA | SPACE | SPECIAL,
  ns: DIGIT | SPECIAL,
  ans: ALPHA | DIGIT | SPACE | SPECIAL,
  z: TRACK,
  "x+n": DIGIT,
  b: 0,
};

/** True when Latin-1 code `c` is allowed by `mask` (0 means no check). */
export function charAllowed(mask: number, c: number): boolean {
  return c < 256 && ((CLASS[c] as number) & mask) !== 0;
}

/**
 * 256 flags, 1 where a Latin-1 code is outside `mask`. Hot loops OR these
 * together (`acc |= bad[c]`) and branch once per field instead of once per
 * character; the error path then rescans for the first offender.
 */
export function rejectTable(mask: number): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = ((CLASS[c] as number) & mask) === 0 ? 1 : 0;
  return t;
}

/**
 * `^[…]*$` over exactly the codes `rejectTable(mask)` accepts: one native
 * regexp scan instead of a JS loop, for long fields (a 286-character hex-text
 * DE 55). Anything above Latin-1, U+FFFD included, is outside the class.
 */
export function acceptRegExp(mask: number): RegExp {
  let cls = "";
  for (let c = 0; c < 256; c++) {
    if (((CLASS[c] as number) & mask) !== 0) cls += `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return new RegExp(cls === "" ? "^$" : `^[${cls}]*$`);
}

/** Accepts every code: the table used when character checks are off (`validate: false`). */
export const ACCEPT_ALL: Uint8Array = new Uint8Array(256);

export const HEX_DIGITS = "0123456789ABCDEF";
/** The character codes of `HEX_DIGITS`, by nibble. */
export const HEX_DIGIT_CODES: Uint8Array = Uint8Array.from(HEX_DIGITS, (ch) => ch.charCodeAt(0));

/** ASCII hex digit value, or -1. */
export const HEX_VALUE: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 16; i++) {
    t[HEX_DIGITS.charCodeAt(i)] = i;
    t[HEX_DIGITS.toLowerCase().charCodeAt(i)] = i;
  }
  return t;
})();
