/**
 * NEO 2 protocol errors. Each carries the byte offset where the frame went
 * wrong and, for a CRC mismatch, both values. Frames never carry card data
 * in clear on this layer's error paths: messages name sizes and offsets only.
 */
import { errorFamily } from "../../src/errors/index.js";

const family = errorFamily("Neo2Error", {
  /** The frame does not start with "ViVOtech2\0". */
  header: ["neo2.header", "protocol"],
  /** The received CRC differs from the one computed over header..data. */
  crc: ["neo2.crc", "protocol"],
  /** The declared data length exceeds the configured (or wire) maximum. */
  length: ["neo2.length", "protocol"],
  /** Fewer bytes than the header and declared length need. */
  truncated: ["neo2.truncated", "protocol"],
  /** A caller passed a value that cannot be encoded (command byte out of range, data too long). */
  argument: ["neo2.argument", "input"],
  /** A USB HID report with an unknown report ID, wrong size or out-of-sequence part. */
  hidReport: ["neo2.hid_report", "protocol"],
});
export const Neo2ErrorCodes = family.codes;
export type Neo2ErrorCode = (typeof Neo2ErrorCodes)[keyof typeof Neo2ErrorCodes];

export class Neo2Error extends family.Base {}
