/**
 * NEO 2 protocol errors. Each carries the byte offset where the frame went
 * wrong and, for a CRC mismatch, both values. Frames never carry card data
 * in clear on this layer's error paths: messages name sizes and offsets only.
 */
import { type ErrorCategory, errorClass, registerErrorCodes } from "../../src/errors/index.js";

export const Neo2ErrorCodes = registerErrorCodes("Neo2Error", {
  /** The frame does not start with "ViVOtech2\0". */
  header: "neo2.header",
  /** The received CRC differs from the one computed over header..data. */
  crc: "neo2.crc",
  /** The declared data length exceeds the configured (or wire) maximum. */
  length: "neo2.length",
  /** Fewer bytes than the header and declared length need. */
  truncated: "neo2.truncated",
  /** A caller passed a value that cannot be encoded (command byte out of range, data too long). */
  argument: "neo2.argument",
  /** A USB HID report with an unknown report ID, wrong size or out-of-sequence part. */
  hidReport: "neo2.hid_report",
} as const);
export type Neo2ErrorCode = (typeof Neo2ErrorCodes)[keyof typeof Neo2ErrorCodes];

const categories: Readonly<Record<Neo2ErrorCode, ErrorCategory>> = {
  "neo2.header": "protocol",
  "neo2.crc": "protocol",
  "neo2.length": "protocol",
  "neo2.truncated": "protocol",
  "neo2.argument": "input",
  "neo2.hid_report": "protocol",
};

export class Neo2Error extends errorClass<Neo2ErrorCode>(categories) {}
