/**
 * CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740 in the Williams/Cook catalogue):
 * polynomial 0x1021, initial value 0xFFFF, no input or output reflection, no
 * final XOR; check value 0x29B1 over ASCII "123456789". IDTech's NEO 2
 * protocol (IDG §3.4) frames with it. Table-driven, one byte per step.
 */

/** x^16 + x^12 + x^5 + 1 (ITU-T V.41), MSB-first form. */
const POLY = 0x1021;
/** CCITT-FALSE starts from all ones (the "FALSE" variant; XMODEM starts from 0). */
export const CRC16_CCITT_FALSE_INIT = 0xffff;

/** CRC of each byte value shifted into the top of the register: the usual 256-entry MSB-first table. */
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    let c = b << 8;
    for (let i = 0; i < 8; i++) c = c & 0x8000 ? ((c << 1) ^ POLY) & 0xffff : (c << 1) & 0xffff;
    t[b] = c;
  }
  return t;
})();

/**
 * Continues a CRC-16/CCITT-FALSE over `bytes[start, end)` from register value
 * `crc` (pass the previous result to checksum a message in pieces).
 */
export function crc16CcittFalseUpdate(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = crc & 0xffff;
  for (let i = start; i < end; i++) c = ((c << 8) & 0xffff) ^ (TABLE[(c >> 8) ^ (bytes[i] as number)] as number);
  return c;
}

/** CRC-16/CCITT-FALSE of `bytes[start, end)`. */
export function crc16CcittFalse(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return crc16CcittFalseUpdate(CRC16_CCITT_FALSE_INIT, bytes, start, end);
}
