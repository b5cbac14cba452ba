/**
 * ISO 8583 message helpers the terminal and the simulator share: response
 * MTIs, the DE 11 + DE 41 matching key, text field access, and redaction of
 * card data before anything is journaled or logged.
 */
import { maskPan, tryParseTrack1 } from "../card/index.js";
import type { IsoMessage } from "../iso8583/index.js";
import { TerminalError, TerminalErrorCodes } from "./errors.js";

/**
 * The response MTI for a request (ISO 8583:1987 §4.1: the third digit is the
 * message function, 0 request → 1 response, 2 advice → 3 advice response),
 * and a repeat (fourth digit 1) is answered as the original (x10, x30).
 */
export function responseMtiFor(requestMti: string): string {
  if (!/^\d{4}$/.test(requestMti)) {
    throw new TerminalError(TerminalErrorCodes.response, `MTI "${requestMti}" is not four digits`, { field: "MTI" });
  }
  const fn = Number(requestMti[2]);
  return `${requestMti.slice(0, 2)}${fn % 2 === 0 ? fn + 1 : fn}0`;
}

/** A field as text, or undefined; binary fields are not text. */
export function textField(message: IsoMessage, de: number): string | undefined {
  const v = message.fields[de];
  return typeof v === "string" ? v : undefined;
}

/**
 * The key that pairs a response with its request on a shared connection:
 * response MTI class + DE 11 (STAN) + DE 41 (terminal id). The MTI is in the
 * key so a late 0210 is never taken for the 0410 of its reversal.
 */
export function matchKey(message: IsoMessage, asResponse: boolean): string {
  const mti = asResponse ? message.mti : responseMtiFor(message.mti);
  return `${mti.slice(0, 3)}|${textField(message, 11) ?? ""}|${(textField(message, 41) ?? "").trim()}`;
}

/** Fields whose content is card data or secrets and how the redacted copy shows them. */
export const SENSITIVE_FIELDS = [
  { de: 2, handling: "mask", description: "PAN: first 6 and last 4 kept (PCI DSS 3.4)" },
  { de: 35, handling: "drop", description: "Track 2 data: never stored after authorization (PCI DSS 3.2.1)" },
  { de: 36, handling: "drop", description: "Track 3 data" },
  { de: 45, handling: "drop", description: "Track 1 data: never stored after authorization (PCI DSS 3.2.1)" },
  {
    de: 48,
    handling: "drop",
    description: "Private data: encrypted tracks and KSN of a secure reader (secure-data.ts)",
  },
  { de: 52, handling: "drop", description: "PIN block: never stored (PCI DSS 3.2.3)" },
  { de: 55, handling: "drop", description: "ICC data: may carry the PAN (5A) and track 2 equivalent (57)" },
] as const;

/** A copy of `message` with card data masked or replaced by a length marker. */
export function redactMessage(message: IsoMessage): IsoMessage {
  const fields: { [de: number]: string | Uint8Array } = { ...message.fields };
  for (const f of SENSITIVE_FIELDS) {
    const v = fields[f.de];
    if (v === undefined) continue;
    if (f.handling === "mask" && typeof v === "string") fields[f.de] = maskPan(v);
    else fields[f.de] = `[redacted ${v.length} ${typeof v === "string" ? "chars" : "bytes"}]`;
  }
  return { mti: message.mti, fields };
}

/** The PAN and expiry (YYMM) a request carries, wherever it carries them. */
export interface RequestCardData {
  readonly pan?: string;
  readonly expiry?: string;
}

/** DE 35 (ISO 7813 Track 2 without sentinels): PAN, `=` (or `D` in binary renderings), YYMM. */
function fromTrack2Field(t2: string): RequestCardData {
  const m = /^(\d{1,19})[=D](\d{4})?/.exec(t2);
  if (!m) return {};
  return { pan: m[1] as string, ...(m[2] !== undefined && { expiry: m[2] }) };
}

/**
 * DE 45 is Track 1 format B with the start sentinel `%`, end sentinel `?` and
 * LRC removed (ISO 8583:1987 DE 45, ans..76). The card parser wants the
 * sentinels (ISO/IEC 7813), so they are put back before parsing; a DE 45 that
 * does not parse as Track 1 yields nothing rather than a guess.
 */
function fromTrack1Field(t1: string): RequestCardData {
  if (t1.includes("%") || t1.includes("?")) return {};
  const r = tryParseTrack1(`%${t1}?`);
  if (!r.ok) return {};
  return { pan: r.value.pan, ...(r.value.expiry !== undefined && { expiry: r.value.expiry.yymm }) };
}

/**
 * PAN and expiry from DE 2/14, else DE 35, else DE 45 (each field filling only
 * what the earlier ones left out). The terminal and the simulator share it.
 */
export function cardDataOf(message: IsoMessage): RequestCardData {
  let pan = textField(message, 2);
  let expiry = textField(message, 14);
  for (const [de, read] of [
    [35, fromTrack2Field],
    [45, fromTrack1Field],
  ] as const) {
    if (pan !== undefined && expiry !== undefined) break;
    const v = textField(message, de);
    if (v === undefined) continue;
    const d = read(v);
    // A track whose PAN differs from DE 2 says nothing about DE 2's expiry.
    if (pan !== undefined && d.pan !== pan) continue;
    pan ??= d.pan;
    expiry ??= d.expiry;
  }
  return { ...(pan !== undefined && { pan }), ...(expiry !== undefined && { expiry }) };
}

/** The PAN a request carries (DE 2, else from DE 35 or DE 45), masked; undefined if none. */
export function maskedPanOf(message: IsoMessage): string | undefined {
  const pan = cardDataOf(message).pan;
  return pan ? maskPan(pan) : undefined;
}
