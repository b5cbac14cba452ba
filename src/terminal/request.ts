/**
 * Builds ISO 8583:1987 requests from a card event and an amount. Pure: the
 * caller supplies the STAN, the clock reading and the terminal identity.
 *
 * Fields (ISO 8583:1987 §4.3 data element directory):
 *   2 PAN · 3 processing code · 4 amount · 7 transmission date-time (UTC) ·
 *   11 STAN · 12/13 local time/date · 14 expiry YYMM · 22 POS entry mode ·
 *   25 POS condition code · 35 track 2 · 37 RRN · 38 authorization code ·
 *   45 track 1 (sent when a swipe read Track 1 only, or with DE 35 on request) ·
 *   41 terminal id (ans 8) · 42 card acceptor id (ans 15) ·
 *   48 encrypted tracks + KSN of a secure reader (secure-data.ts) · 49 currency ·
 *   55 ICC data (built with src/emv buildDe55) · 90 original data elements.
 */
import type { Card } from "../card/index.js";
import { buildDe55, decodeTlv, tlvMap } from "../emv/index.js";
import { isCardwireError } from "../errors/index.js";
import type { IsoMessage } from "../iso8583/index.js";
import type { ChipEvent, SwipeEvent } from "../reader/index.js";
import { type Amount, amountField, currencyInfo } from "./amount.js";
import { localDate, localTime, retrievalReferenceNumber, transmissionDateTime } from "./clock.js";
import {
  PAN_ENTRY_MODES,
  PIN_CAPABILITIES,
  type PinCapability,
  POS_CONDITION_CODES,
  type PosCondition,
  TRANSACTION_KINDS,
  type TransactionKind,
} from "./codes.js";
import { TerminalError, TerminalErrorCodes } from "./errors.js";
import { secureDataField } from "./secure-data.js";
import { formatStan } from "./stan.js";

export type CardEvent = SwipeEvent | ChipEvent;

/** Who is sending: DE 41 and DE 42, fixed per terminal. */
export interface TerminalIdentity {
  /** DE 41, ans 8. */
  readonly terminalId: string;
  /** DE 42, ans 15. */
  readonly merchantId: string;
}

export interface RequestOptions {
  readonly pinCapability?: PinCapability;
  readonly posCondition?: PosCondition;
  /** Send DE 2 alongside the track (default true); false sends the track only: DE 35, or DE 45 when Track 1 is all there is. */
  readonly includePan?: boolean;
  /**
   * Send DE 45 (Track 1) alongside DE 35 when a swipe read both tracks
   * (default false: Track 2 alone is what acquirers authorize on; Track 1
   * goes only when it is the only track read, e.g. an audio-jack head on track 1).
   */
  readonly includeTrack1?: boolean;
  /** The swipe follows a failed chip read: DE 22 80 (fallback) instead of 90. */
  readonly fallback?: boolean;
}

export interface RequestStamp {
  readonly stan: number;
  readonly at: Date;
  /** Minutes east of UTC at the card acceptor, for DE 12/13 and DE 37. */
  readonly offsetMinutes: number;
}

/** What a later void, reversal or completion needs to find the original. */
export interface OriginalRef {
  readonly mti: string;
  readonly stan: string;
  /** DE 7 of the original. */
  readonly transmissionDateTime: string;
  readonly rrn: string;
  readonly processingCode: string;
  readonly amount: Amount;
  readonly authCode?: string;
}

const IDENTITY_RULES = [
  { key: "terminalId", de: 41, length: 8 },
  { key: "merchantId", de: 42, length: 15 },
] as const;

/** DE 41 / DE 42 padded to their fixed length; too long or non-printable is a config error. */
export function identityFields(identity: TerminalIdentity): { 41: string; 42: string } {
  const out: Record<number, string> = {};
  for (const r of IDENTITY_RULES) {
    const v = identity[r.key];
    if (v.length === 0 || v.length > r.length || !/^[\x20-\x7e]+$/.test(v)) {
      throw new TerminalError(
        TerminalErrorCodes.config,
        `DE ${r.de} (${r.key}) must be 1–${r.length} printable characters (got ${v.length})`,
        { field: `DE ${r.de}` },
      );
    }
    out[r.de] = v.padEnd(r.length, " ");
  }
  return { 41: out[41] as string, 42: out[42] as string };
}

/** Track 2 for DE 35: the ISO 7813 track without start/end sentinels and LRC. */
export function track2Field(raw: string): string {
  const body = raw.replace(/^;/, "").replace(/\?.*$/s, "");
  if (!/^\d{1,19}[=D][0-9D=]*$/.test(body)) {
    throw new TerminalError(TerminalErrorCodes.card, "track 2 is not PAN, separator, data (ISO 7813 §4.2)", {
      field: "DE 35",
    });
  }
  return body;
}

/**
 * ISO 8583:1987 DE 45 is ans..76: Track 1 as encoded (ISO/IEC 7813), without
 * start sentinel, end sentinel and LRC — 79 characters on the stripe minus those 3.
 */
export const TRACK1_FIELD_MAX = 76;

/** Track 1 for DE 45: the ISO 7813 format-B track without `%`, `?` and LRC. */
export function track1Field(raw: string): string {
  const body = raw.replace(/^%/, "").replace(/\?.*$/s, "");
  if (!/^B\d{1,19}\^[\x20-\x5f]*$/.test(body)) {
    throw new TerminalError(
      TerminalErrorCodes.card,
      'track 1 is not format code B, PAN, "^", data (ISO/IEC 7813 format B)',
      {
        field: "DE 45",
      },
    );
  }
  if (body.length > TRACK1_FIELD_MAX) {
    throw new TerminalError(
      TerminalErrorCodes.card,
      `track 1 is ${body.length} characters without sentinels, DE 45 allows ${TRACK1_FIELD_MAX}`,
      { field: "DE 45" },
    );
  }
  return body;
}

function cardOf(event: CardEvent): Card {
  if (!event.card) {
    throw new TerminalError(
      TerminalErrorCodes.card,
      `${event.type} event from reader ${event.readerId} carries no clear card data (encrypted-only reads need a host that decrypts)`,
      { field: "card" },
    );
  }
  return event.card;
}

function posEntryMode(event: CardEvent, options: RequestOptions): string {
  const pan =
    event.type === "swipe"
      ? options.fallback
        ? PAN_ENTRY_MODES.fallback
        : PAN_ENTRY_MODES.swipe
      : event.type === "chip"
        ? PAN_ENTRY_MODES.chip
        : PAN_ENTRY_MODES.contactless;
  return pan.code + PIN_CAPABILITIES[options.pinCapability ?? "cannot_accept"].code;
}

/** A 0100/0200 request for a sale, refund or preauthorization from a card event. */
export function buildCardRequest(
  kind: Extract<TransactionKind, "sale" | "refund" | "preauth">,
  event: CardEvent,
  amount: Amount,
  identity: TerminalIdentity,
  stamp: RequestStamp,
  options: RequestOptions = {},
): IsoMessage {
  const spec = TRANSACTION_KINDS[kind];
  const fields: { [de: number]: string | Uint8Array } = {
    3: spec.processingCode,
    4: amountField(amount),
    ...commonFields(identity, stamp, amount),
    22: posEntryMode(event, options),
    25: POS_CONDITION_CODES[options.posCondition ?? "normal"].code,
  };
  if (event.type === "swipe" && event.card === undefined && event.encrypted !== undefined) {
    // A secure reader: the terminal never sees clear card data and forwards
    // the ciphertext and KSN untouched; the host decrypts with its BDK.
    fields[48] = secureDataField(event.encrypted);
    return { mti: spec.mti, fields };
  }
  const card = cardOf(event);
  if (options.includePan !== false) fields[2] = card.pan;
  if (card.expiry) fields[14] = card.expiry.yymm;
  if (event.type === "swipe") {
    // DE 35 when Track 2 was read; DE 45 when Track 1 is all there is (or with includeTrack1).
    const t2 = event.tracks.track2 ?? card.track2?.raw;
    const t1 = event.tracks.track1 ?? card.track1?.raw;
    if (t2) fields[35] = track2Field(t2);
    if (t1 && (!t2 || options.includeTrack1 === true)) fields[45] = track1Field(t1);
  } else {
    fields[2] = card.pan;
    fields[55] = iccField(event);
  }
  return { mti: spec.mti, fields };
}

/**
 * DE 55 from a chip or tap event's TLV through `buildDe55`: the tags an
 * authorization carries, in the usual order, without PAN/track tags (those
 * are in DE 2/35). Chip data that cannot make a DE 55 is bad input.
 */
function iccField(event: ChipEvent): Uint8Array {
  try {
    return buildDe55(tlvMap(decodeTlv(event.tlv, { field: `${event.type} TLV` })));
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    throw new TerminalError(TerminalErrorCodes.card, `${event.type} data cannot form DE 55: ${e.message}`, {
      field: e.field ?? "DE 55",
      cause: e,
    });
  }
}

function commonFields(identity: TerminalIdentity, stamp: RequestStamp, amount: Amount) {
  return {
    7: transmissionDateTime(stamp.at),
    11: formatStan(stamp.stan),
    12: localTime(stamp.at, stamp.offsetMinutes),
    13: localDate(stamp.at, stamp.offsetMinutes),
    37: retrievalReferenceNumber(stamp.at, stamp.offsetMinutes, stamp.stan),
    ...identityFields(identity),
    49: currencyInfo(amount.currency).numeric,
  };
}

/**
 * DE 90 original data elements, n 42 (ISO 8583:1987): original MTI (4),
 * STAN (6), transmission date-time (10), acquiring and forwarding
 * institution ids (11 each, zero-filled: this link has no intermediaries).
 */
export function originalDataElements(original: Pick<OriginalRef, "mti" | "stan" | "transmissionDateTime">): string {
  return `${original.mti}${original.stan}${original.transmissionDateTime}${"0".repeat(22)}`;
}

/**
 * A 0400 reversal (or 0401 repeat) of `original`. It carries no card data:
 * the host finds the original by DE 90 (or DE 11 + DE 41), and track data
 * must not be kept after authorization anyway. DE 37 repeats the original
 * RRN so both legs reconcile under one reference.
 */
export function buildReversal(original: OriginalRef, identity: TerminalIdentity, stamp: RequestStamp): IsoMessage {
  return {
    mti: "0400",
    fields: {
      3: original.processingCode,
      4: amountField(original.amount),
      ...commonFields(identity, stamp, original.amount),
      37: original.rrn,
      90: originalDataElements(original),
    },
  };
}

/** A 0220 completion advice for an approved preauthorization (amount may be lower than authorized). */
export function buildCompletion(
  preauth: OriginalRef,
  amount: Amount,
  identity: TerminalIdentity,
  stamp: RequestStamp,
): IsoMessage {
  const fields: { [de: number]: string | Uint8Array } = {
    3: TRANSACTION_KINDS.completion.processingCode,
    4: amountField(amount),
    ...commonFields(identity, stamp, amount),
    37: preauth.rrn,
    90: originalDataElements(preauth),
  };
  if (preauth.authCode) fields[38] = preauth.authCode;
  return { mti: TRANSACTION_KINDS.completion.mti, fields };
}

/** A 0800 network management request; DE 70 301 is an echo test (ISO 8583:1987 Annex A). */
export function buildEcho(identity: TerminalIdentity, stamp: RequestStamp): IsoMessage {
  return {
    mti: "0800",
    fields: {
      7: transmissionDateTime(stamp.at),
      11: formatStan(stamp.stan),
      41: identityFields(identity)[41],
      70: "301",
    },
  };
}
