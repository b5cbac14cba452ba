/**
 * NEO 2 over USB HID: 64-byte reports, each a report ID and 63 payload bytes
 * (IDG, USB HID section; VID 0x0ACD). A frame that fits in 63 bytes goes in
 * one report with ID 1, zero padded; a longer one is split into ID 2 (first
 * part), ID 3 (each middle part) and ID 4 (last part, zero padded). Both
 * directions use the same scheme.
 *
 * The reassembler trims the padding with the frame's own length field, so it
 * hands back exactly one frame's bytes; it then still has to be decoded
 * (CRC) by `decodeResponse` / `decodeCommand`.
 */
import { Neo2Error, Neo2ErrorCodes } from "./errors.js";
import { headerMismatchAt, NEO2_MAX_DATA_LENGTH, NEO2_MIN_FRAME_LENGTH, NEO2_PREFIX_LENGTH } from "./frame.js";

/** Report ID byte + 63 payload bytes. */
export const NEO2_HID_REPORT_LENGTH = 64;
export const NEO2_HID_PAYLOAD_LENGTH = NEO2_HID_REPORT_LENGTH - 1;

/** Report IDs and what each carries. */
export const NEO2_HID_REPORT_IDS = {
  whole: 1,
  first: 2,
  middle: 3,
  last: 4,
} as const;

/** Splits one frame into 64-byte reports (report ID first). The input is not modified. */
export function toHidReports(frame: Uint8Array): Uint8Array[] {
  const P = NEO2_HID_PAYLOAD_LENGTH;
  if (frame.length === 0) {
    throw new Neo2Error(Neo2ErrorCodes.argument, "toHidReports: empty frame", { command: "toHidReports" });
  }
  const report = (id: number, from: number) => {
    const r = new Uint8Array(NEO2_HID_REPORT_LENGTH);
    r[0] = id;
    r.set(frame.subarray(from, Math.min(from + P, frame.length)), 1);
    return r;
  };
  if (frame.length <= P) return [report(NEO2_HID_REPORT_IDS.whole, 0)];
  const out = [report(NEO2_HID_REPORT_IDS.first, 0)];
  let at = P;
  for (; frame.length - at > P; at += P) out.push(report(NEO2_HID_REPORT_IDS.middle, at));
  out.push(report(NEO2_HID_REPORT_IDS.last, at));
  return out;
}

export interface Neo2HidReassemblerOptions {
  /** Largest data length accepted (default 65535): bounds the buffer. */
  readonly maxDataLength?: number;
}

/**
 * Joins reports back into frames. `push` returns the frame's bytes when a
 * report completes one, `undefined` while a multi-report frame is still
 * arriving, and throws `neo2.hid_report` / `neo2.header` / `neo2.length` on
 * a report that cannot be part of a frame (the partial frame is dropped).
 */
export class Neo2HidReassembler {
  readonly #max: number;
  #parts: Uint8Array[] = [];
  #size = 0;

  constructor(options: Neo2HidReassemblerOptions = {}) {
    this.#max = NEO2_MIN_FRAME_LENGTH + (options.maxDataLength ?? NEO2_MAX_DATA_LENGTH);
  }

  /** True while a multi-report frame is incomplete. */
  get pending(): boolean {
    return this.#parts.length > 0;
  }

  reset(): void {
    this.#parts = [];
    this.#size = 0;
  }

  push(report: Uint8Array): Uint8Array | undefined {
    if (report.length < 2 || report.length > NEO2_HID_REPORT_LENGTH) {
      this.reset();
      throw hidError(`report is ${report.length} bytes, expected 2–64`, 0, { length: report.length });
    }
    const id = report[0] as number;
    const payload = report.subarray(1);
    const { whole, first, middle, last } = NEO2_HID_REPORT_IDS;
    if (id === whole || id === first) {
      // A new frame starting mid-frame drops the unfinished one (the device restarted its send).
      this.reset();
      if (id === whole) return this.#frameFrom([payload], true);
      this.#declaredTotal(payload); // header and length checked on the first part: nothing buffered for a bad one
      this.#append(payload);
      return undefined;
    }
    if (id === middle || id === last) {
      if (!this.pending) throw hidError(`report ID ${id} without a first part (ID 2)`, 0, { id });
      this.#append(payload);
      if (id === middle) return undefined;
      const parts = this.#parts;
      this.reset();
      return this.#frameFrom(parts, false);
    }
    this.reset();
    throw hidError(`unknown report ID ${id}, expected 1–4`, 0, { id });
  }

  #append(payload: Uint8Array): void {
    if (this.#size + payload.length > this.#max + NEO2_HID_PAYLOAD_LENGTH) {
      this.reset();
      throw new Neo2Error(Neo2ErrorCodes.length, `HID frame grew past ${this.#max} bytes without a last part`, {
        command: "Neo2HidReassembler",
        details: { max: this.#max },
      });
    }
    this.#parts.push(payload.slice());
    this.#size += payload.length;
  }

  /** The frame length the header declares; throws on a payload that does not start a frame or exceeds the limit. */
  #declaredTotal(head: Uint8Array): number {
    const bad = headerMismatchAt(head);
    if (bad >= 0 || head.length < NEO2_PREFIX_LENGTH) {
      throw new Neo2Error(Neo2ErrorCodes.header, "HID report payload does not start with a frame header", {
        command: "Neo2HidReassembler",
        offset: bad >= 0 ? bad + 1 : head.length + 1,
      });
    }
    const total = NEO2_MIN_FRAME_LENGTH + (((head[12] as number) << 8) | (head[13] as number));
    if (total > this.#max) {
      throw new Neo2Error(Neo2ErrorCodes.length, `HID frame declares ${total} bytes, limit ${this.#max}`, {
        command: "Neo2HidReassembler",
        offset: 13, // report byte 13 = frame byte 12, the length's high byte
        details: { total, max: this.#max },
      });
    }
    return total;
  }

  /** Concatenates the parts and trims the padding with the frame's length field. */
  #frameFrom(parts: readonly Uint8Array[], whole: boolean): Uint8Array {
    let have = 0;
    for (const p of parts) have += p.length;
    const total = this.#declaredTotal(parts[0]!);
    // The declared frame must end inside the last report: only padding may follow it, and
    // a multi-report frame must not fit in the reports before the last one.
    const lastLength = parts[parts.length - 1]!.length;
    if (have < total || (!whole && total <= have - lastLength)) {
      throw hidError(`frame declares ${total} bytes but its reports carry ${have}`, 0, { total, have });
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      const n = Math.min(p.length, total - at);
      out.set(p.subarray(0, n), at);
      at += n;
      if (at === total) break;
    }
    return out;
  }
}

function hidError(message: string, offset: number, details: Record<string, number>): Neo2Error {
  return new Neo2Error(Neo2ErrorCodes.hidReport, `NEO 2 HID: ${message}`, {
    command: "Neo2HidReassembler",
    offset,
    details,
  });
}
