/**
 * IDTech NEO 2 "ViVOtech2" frames (NEO 2 Interface Developer's Guide):
 *
 * ```
 * command  (host → reader): "ViVOtech2\0" | cmd | subCmd | len(2, BE) | data | CRC16 (LSB first)
 * response (reader → host): "ViVOtech2\0" | cmd | status | len(2, BE) | data | CRC16 (MSB first)
 * ```
 * CRC-16/CCITT-FALSE over the whole frame from the first header byte to the
 * last data byte (IDG §3.4). Pass-through frames put the CRC MSB first in
 * both directions: pass `crcOrder: "msb"` for those.
 *
 * Decoders take bytes that start with a frame, may be followed by anything
 * (USB report padding, the next frame) and return the value plus the bytes
 * consumed. Lengths are checked against the bytes present and the limit
 * before anything is allocated.
 */
import { crc16CcittFalse } from "../../src/bytes/crc.js";
import { Neo2Error, Neo2ErrorCodes } from "./errors.js";
import { type Neo2StatusInfo, neo2Status } from "./status.js";

/** "ViVOtech2" + NUL: the NEO 2 protocol's frame header (IDG, "Protocol 2"). */
export const NEO2_HEADER: Uint8Array = new Uint8Array([0x56, 0x69, 0x56, 0x4f, 0x74, 0x65, 0x63, 0x68, 0x32, 0x00]);
/** Header + cmd + sub-command/status + 2 length bytes. */
export const NEO2_PREFIX_LENGTH = 14;
/** Prefix + 2 CRC bytes: the smallest frame (no data). */
export const NEO2_MIN_FRAME_LENGTH = 16;
/** The length field is 16 bits, so data can be at most 65535 bytes. */
export const NEO2_MAX_DATA_LENGTH = 0xffff;

export type Neo2Direction = "command" | "response";
export type Neo2CrcOrder = "msb" | "lsb";

/** CRC byte order per direction, from the IDG frame diagrams. */
export const NEO2_CRC_ORDER: Readonly<Record<Neo2Direction, Neo2CrcOrder>> = {
  command: "lsb",
  response: "msb",
};

export interface Neo2Command {
  readonly cmd: number;
  readonly subCmd: number;
  readonly data: Uint8Array;
}

export interface Neo2Response {
  readonly cmd: number;
  readonly status: number;
  /** The status table row, or `undefined` for a code the IDG does not list. */
  readonly statusInfo: Neo2StatusInfo | undefined;
  readonly data: Uint8Array;
}

export interface Neo2Decoded<T> {
  readonly value: T;
  /** Bytes the frame took (header to CRC inclusive). */
  readonly consumed: number;
  /** The CRC as received. */
  readonly crc: number;
}

export interface Neo2FrameOptions {
  /** Override the direction's CRC byte order (pass-through frames: `"msb"`). */
  readonly crcOrder?: Neo2CrcOrder;
  /** Largest data length accepted when decoding; default 65535 (the field's maximum). */
  readonly maxDataLength?: number;
}

/** The generic frame both directions share: byte 11 is the sub-command or the status. */
export interface Neo2RawFrame {
  readonly cmd: number;
  readonly code: number;
  readonly data: Uint8Array;
}

function checkByte(value: number, what: string, command: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new Neo2Error(Neo2ErrorCodes.argument, `${command}: ${what} ${value} is not a byte (0–255)`, {
      field: what,
      command,
    });
  }
}

/** Builds a frame; `direction` picks the CRC byte order. */
export function encodeFrame(frame: Neo2RawFrame, direction: Neo2Direction, options: Neo2FrameOptions = {}): Uint8Array {
  const command = direction === "command" ? "encodeCommand" : "encodeResponse";
  checkByte(frame.cmd, "cmd", command);
  checkByte(frame.code, direction === "command" ? "subCmd" : "status", command);
  const n = frame.data.length;
  if (n > NEO2_MAX_DATA_LENGTH) {
    throw new Neo2Error(
      Neo2ErrorCodes.argument,
      `${command}: data is ${n} bytes, the length field holds at most 65535`,
      {
        field: "data",
        command,
        details: { length: n },
      },
    );
  }
  const out = new Uint8Array(NEO2_MIN_FRAME_LENGTH + n);
  out.set(NEO2_HEADER, 0);
  out[10] = frame.cmd;
  out[11] = frame.code;
  out[12] = n >> 8;
  out[13] = n & 0xff;
  out.set(frame.data, NEO2_PREFIX_LENGTH);
  const crc = crc16CcittFalse(out, 0, NEO2_PREFIX_LENGTH + n);
  writeCrc(out, NEO2_PREFIX_LENGTH + n, crc, options.crcOrder ?? NEO2_CRC_ORDER[direction]);
  return out;
}

function writeCrc(out: Uint8Array, at: number, crc: number, order: Neo2CrcOrder): void {
  const hi = crc >> 8;
  const lo = crc & 0xff;
  out[at] = order === "msb" ? hi : lo;
  out[at + 1] = order === "msb" ? lo : hi;
}

function readCrc(bytes: Uint8Array, at: number, order: Neo2CrcOrder): number {
  const a = bytes[at] as number;
  const b = bytes[at + 1] as number;
  return order === "msb" ? (a << 8) | b : (b << 8) | a;
}

const hex4 = (n: number) => `0x${n.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * Index (from `start`) of the first byte that differs from the header, or -1
 * when every byte present matches (a short input can match as a prefix).
 */
export function headerMismatchAt(bytes: Uint8Array, start = 0): number {
  const n = Math.min(NEO2_HEADER.length, bytes.length - start);
  for (let i = 0; i < n; i++) if (bytes[start + i] !== NEO2_HEADER[i]) return i;
  return -1;
}

/** Validates and splits one frame at the start of `bytes`. Throws `neo2.*` errors with offsets. */
export function decodeFrame(
  bytes: Uint8Array,
  direction: Neo2Direction,
  options: Neo2FrameOptions = {},
): Neo2Decoded<Neo2RawFrame> {
  const command = direction === "command" ? "decodeCommand" : "decodeResponse";
  const bad = headerMismatchAt(bytes);
  if (bad >= 0) {
    throw new Neo2Error(Neo2ErrorCodes.header, `${command}: byte ${bad} does not match the "ViVOtech2\\0" header`, {
      offset: bad,
      command,
      field: "header",
      raw: bytes.slice(0, NEO2_HEADER.length),
    });
  }
  if (bytes.length < NEO2_PREFIX_LENGTH) {
    throw truncated(command, NEO2_PREFIX_LENGTH, bytes.length, "header");
  }
  const n = ((bytes[12] as number) << 8) | (bytes[13] as number);
  const max = options.maxDataLength ?? NEO2_MAX_DATA_LENGTH;
  if (n > max) {
    throw new Neo2Error(Neo2ErrorCodes.length, `${command}: data length ${n} at byte 12 exceeds the limit ${max}`, {
      offset: 12,
      command,
      field: "length",
      details: { length: n, max },
    });
  }
  const total = NEO2_MIN_FRAME_LENGTH + n;
  if (bytes.length < total) throw truncated(command, total, bytes.length, "frame");
  const crcAt = NEO2_PREFIX_LENGTH + n;
  const computed = crc16CcittFalse(bytes, 0, crcAt);
  const order = options.crcOrder ?? NEO2_CRC_ORDER[direction];
  const received = readCrc(bytes, crcAt, order);
  if (computed !== received) {
    throw new Neo2Error(
      Neo2ErrorCodes.crc,
      `${command}: CRC at byte ${crcAt} is ${hex4(received)} (${order.toUpperCase()} first), computed ${hex4(computed)}`,
      {
        offset: crcAt,
        command,
        field: "crc",
        details: { received: hex4(received), computed: hex4(computed), order },
        raw: bytes.slice(crcAt, crcAt + 2),
      },
    );
  }
  return {
    value: { cmd: bytes[10] as number, code: bytes[11] as number, data: bytes.slice(NEO2_PREFIX_LENGTH, crcAt) },
    consumed: total,
    crc: received,
  };
}

function truncated(command: string, need: number, have: number, field: string): Neo2Error {
  return new Neo2Error(Neo2ErrorCodes.truncated, `${command}: ${field} needs ${need} bytes, got ${have}`, {
    offset: have,
    command,
    field,
    details: { need, have },
  });
}

/** Host → reader. CRC LSB first. */
export function encodeCommand(command: Neo2Command, options?: Neo2FrameOptions): Uint8Array {
  return encodeFrame({ cmd: command.cmd, code: command.subCmd, data: command.data }, "command", options);
}

/** Reader side of a command (simulated devices). */
export function decodeCommand(bytes: Uint8Array, options?: Neo2FrameOptions): Neo2Decoded<Neo2Command> {
  const d = decodeFrame(bytes, "command", options);
  return { ...d, value: toCommand(d.value) };
}

/** Reader → host, for simulated devices. CRC MSB first. */
export function encodeResponse(
  response: { readonly cmd: number; readonly status: number; readonly data: Uint8Array },
  options?: Neo2FrameOptions,
): Uint8Array {
  return encodeFrame({ cmd: response.cmd, code: response.status, data: response.data }, "response", options);
}

/** Host side of a response. */
export function decodeResponse(bytes: Uint8Array, options?: Neo2FrameOptions): Neo2Decoded<Neo2Response> {
  const d = decodeFrame(bytes, "response", options);
  return { ...d, value: toResponse(d.value) };
}

export const toCommand = (f: Neo2RawFrame): Neo2Command => ({ cmd: f.cmd, subCmd: f.code, data: f.data });
export const toResponse = (f: Neo2RawFrame): Neo2Response => ({
  cmd: f.cmd,
  status: f.code,
  statusInfo: neo2Status(f.code),
  data: f.data,
});
