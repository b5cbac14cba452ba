/**
 * One MagTek USB HID swipe report → a typed value, by the layout its length
 * selects (`MAGTEK_LAYOUTS`). Clear tracks go through src/card; every track
 * text that leaves this module is masked (`maskTrack`), and the card itself
 * is in `card` as src/card builds it. Ciphertext, KSN, serial and statuses
 * of an encrypting reader are returned as bytes and numbers; decryption
 * (DUKPT) is a later layer's job.
 */
import { bytesToLatin1 } from "../../src/bytes/util.js";
import { tryCardFromTracks } from "../../src/card/card.js";
import type { CardError } from "../../src/card/errors.js";
import { maskTrack } from "../../src/card/mask.js";
import type { Card } from "../../src/card/types.js";
import type { Result } from "../../src/errors/result.js";
import { MagtekError, MagtekErrorCodes } from "./errors.js";
import {
  MAGTEK_LAYOUTS,
  type MagtekClearLayout,
  type MagtekEncryptedLayout,
  type MagtekField,
  type MagtekTriple,
} from "./layouts.js";

const TRACK_NAMES = ["track1", "track2", "track3"] as const;
export type MagtekTrackName = (typeof TRACK_NAMES)[number];

/** Decode status bit 0 set = the head could not decode that track (READERS.md). */
const STATUS_ERROR_BIT = 0x01;

export interface MagtekTrack {
  readonly track: MagtekTrackName;
  /** `error`: status bit 0 set; `empty`: no error and length 0; `ok`: data present. */
  readonly decode: "ok" | "error" | "empty";
  /** The raw status byte. */
  readonly statusByte: number;
  readonly length: number;
  /** Track text masked for display (PAN 6+4, discretionary hidden), when data is present. */
  readonly masked?: string;
}

export interface MagtekEncryptedTrack extends MagtekTrack {
  /** Ciphertext, `encryptedLength` bytes. */
  readonly encrypted: Uint8Array;
  readonly encryptedLength: number;
  /** Clear-text length of the track before padding (the "absolute" length). */
  readonly absoluteLength: number;
}

export interface MagtekClearSwipe {
  readonly kind: "clear";
  readonly layout: string;
  readonly encodeType: number;
  readonly tracks: readonly [MagtekTrack, MagtekTrack, MagtekTrack];
  /** The card from tracks decoded without error; a CardError result if they do not parse. */
  readonly card: Result<Card, CardError>;
}

export interface MagtekEncryptedSwipe {
  readonly kind: "encrypted";
  readonly layout: string;
  readonly encodeType: number;
  readonly tracks: readonly [MagtekEncryptedTrack, MagtekEncryptedTrack, MagtekEncryptedTrack];
  readonly cardStatus: number;
  /** DUKPT key serial number (10 bytes). */
  readonly ksn: Uint8Array;
  /** Encryption status, the two bytes read big-endian. */
  readonly encryptionStatus: number;
  /** Device serial, ASCII with NUL padding removed. */
  readonly serial: string;
  readonly magnePrint: { readonly status: Uint8Array; readonly data: Uint8Array; readonly absoluteLength: number };
  readonly sessionId: Uint8Array;
}

export type MagtekSwipe = MagtekClearSwipe | MagtekEncryptedSwipe;

/** The report lengths `decodeMagtekReport` understands. */
export const MAGTEK_REPORT_LENGTHS: readonly number[] = [...MAGTEK_LAYOUTS.keys()];

export function decodeMagtekReport(report: Uint8Array): MagtekSwipe {
  const layout = MAGTEK_LAYOUTS.get(report.length);
  if (layout === undefined) {
    throw new MagtekError(
      MagtekErrorCodes.reportLength,
      `MagTek report is ${report.length} bytes; known layouts are ${MAGTEK_REPORT_LENGTHS.join(", ")}`,
      { details: { length: report.length }, command: "decodeMagtekReport" },
    );
  }
  return layout.kind === "clear" ? decodeClear(report, layout) : decodeEncrypted(report, layout);
}

const byteAt = (r: Uint8Array, at: number): number => r[at] as number;
const triple = (r: Uint8Array, t: MagtekTriple, i: number): number => byteAt(r, t.at + i);

/** A length byte checked against the field it sizes, before any slice. */
function checkedLength(r: Uint8Array, lengths: MagtekTriple, i: number, field: MagtekField, name: string): number {
  return checkedByte(r, lengths.at + i, field, name);
}

function checkedByte(r: Uint8Array, at: number, field: MagtekField, name: string): number {
  const n = byteAt(r, at);
  if (n > field.size) {
    throw new MagtekError(
      MagtekErrorCodes.fieldLength,
      `MagTek ${name} ${n} at byte ${at} exceeds its ${field.size}-byte field`,
      { offset: at, field: name, details: { length: n, max: field.size }, command: "decodeMagtekReport" },
    );
  }
  return n;
}

function trackStatus(statusByte: number, length: number): MagtekTrack["decode"] {
  if (statusByte & STATUS_ERROR_BIT) return "error";
  return length === 0 ? "empty" : "ok";
}

function decodeClear(r: Uint8Array, layout: MagtekClearLayout): MagtekClearSwipe {
  const texts: Partial<Record<MagtekTrackName, string>> = {};
  const tracks = TRACK_NAMES.map((track, i): MagtekTrack => {
    const field = layout.tracks[i]!;
    const length = checkedLength(r, layout.lengths, i, field, `${track}.length`);
    const statusByte = triple(r, layout.status, i);
    const decode = trackStatus(statusByte, length);
    if (decode !== "ok") return { track, decode, statusByte, length };
    const text = bytesToLatin1(r.subarray(field.at, field.at + length));
    texts[track] = text;
    return { track, decode, statusByte, length, masked: maskTrack(text) };
  }) as unknown as MagtekClearSwipe["tracks"];
  return {
    kind: "clear",
    layout: layout.name,
    encodeType: byteAt(r, layout.encodeType),
    tracks,
    card: tryCardFromTracks(texts),
  };
}

function decodeEncrypted(r: Uint8Array, layout: MagtekEncryptedLayout): MagtekEncryptedSwipe {
  const tracks = TRACK_NAMES.map((track, i): MagtekEncryptedTrack => {
    const encField = layout.encryptedTracks[i]!;
    const maskField = layout.maskedTracks[i]!;
    const encryptedLength = checkedLength(r, layout.encryptedLengths, i, encField, `${track}.encryptedLength`);
    const length = checkedLength(r, layout.maskedLengths, i, maskField, `${track}.maskedLength`);
    const statusByte = triple(r, layout.status, i);
    const decode = trackStatus(statusByte, Math.max(length, encryptedLength));
    const base = {
      track,
      decode,
      statusByte,
      length,
      encrypted: r.slice(encField.at, encField.at + encryptedLength),
      encryptedLength,
      absoluteLength: triple(r, layout.absoluteLengths, i),
    };
    if (decode !== "ok" || length === 0) return base;
    return { ...base, masked: maskTrack(bytesToLatin1(r.subarray(maskField.at, maskField.at + length))) };
  }) as unknown as MagtekEncryptedSwipe["tracks"];
  const mpLength = checkedByte(r, layout.magnePrintLength, layout.magnePrint, "magnePrint.length");
  const slice = (f: MagtekField) => r.slice(f.at, f.at + f.size);
  const enc = layout.encryptionStatus;
  return {
    kind: "encrypted",
    layout: layout.name,
    encodeType: byteAt(r, layout.encodeType),
    tracks,
    cardStatus: byteAt(r, layout.cardStatus),
    ksn: slice(layout.ksn),
    encryptionStatus: (byteAt(r, enc.at) << 8) | byteAt(r, enc.at + 1),
    serial: bytesToLatin1(slice(layout.serial)).replace(/\0+$/, ""),
    magnePrint: {
      status: slice(layout.magnePrintStatus),
      data: r.slice(layout.magnePrint.at, layout.magnePrint.at + mpLength),
      absoluteLength: byteAt(r, layout.magnePrintAbsoluteLength),
    },
    sessionId: slice(layout.sessionId),
  };
}
