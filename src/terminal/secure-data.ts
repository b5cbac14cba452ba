/**
 * Where an encrypted swipe travels in a request: DE 48 (additional data,
 * private use, ans..999 in ISO 8583:1987) as a list of subelements, each
 * `id (n2) ‖ length (n3) ‖ value`. Private-use DE 48 subelements are how card
 * schemes carry extra data (Mastercard's DE 48 uses the same id + length +
 * data shape with a 2-digit length); the ids below are cardwire's own.
 *
 * Why not DE 53 (security related control information): in ISO 8583:1987 it
 * is n 16, too short for a 20-digit KSN, and it carries key-management
 * indicators, not data. The ciphertext is hex text so the field stays `ans`.
 * Values are never keys; the ciphertext is still card data, so DE 48 is
 * redacted from journals like a track.
 */
import { fromHex, toHex } from "../bytes/index.js";
import {
  CARDWIRE_SECURE_DATA,
  Iso8583Error,
  packSubfields,
  type TextSubfields,
  unpackSubfields,
} from "../iso8583/index.js";
import type { EncryptedCardData } from "../reader/index.js";
import { TerminalError, TerminalErrorCodes } from "./errors.js";

/**
 * What the terminal and the simulator read in each subelement beyond the
 * layout's own checks (CARDWIRE_SECURE_DATA in src/iso8583/specs/subfields.ts
 * holds the ids, types and lengths; this table names the values and pins
 * their exact forms).
 */
export const SECURE_DATA_VALUES = [
  { id: "01", key: "scheme", pattern: /^TDES-DUKPT$/ },
  { id: "02", key: "variant", pattern: /^(PIN|DATA)$/ },
  { id: "03", key: "ksn", pattern: /^[0-9A-F]{20}$/ },
  { id: "04", key: "track2", pattern: /^(?:[0-9A-F]{16})+$/ },
  { id: "05", key: "track1", pattern: /^(?:[0-9A-F]{16})+$/ },
] as const;
type SubelementKey = (typeof SECURE_DATA_VALUES)[number]["key"];

export interface SecureTrackData {
  readonly scheme: "TDES-DUKPT";
  readonly variant: "PIN" | "DATA";
  readonly ksn: Uint8Array;
  readonly track2?: Uint8Array;
  readonly track1?: Uint8Array;
}

/** DE 48 for an encrypted swipe (TDES DUKPT only: AES DUKPT readers would need a KSN of 12 bytes and a new row). */
export function secureDataField(encrypted: EncryptedCardData): string {
  if (encrypted.scheme !== "tdes-dukpt" || encrypted.ksn.length !== 10) {
    throw new TerminalError(
      TerminalErrorCodes.card,
      `encrypted swipe: ${encrypted.scheme} with a ${encrypted.ksn.length}-byte KSN; DE 48 carries TDES DUKPT (10-byte KSN)`,
      { field: "DE 48" },
    );
  }
  if (encrypted.track2 === undefined && encrypted.track1 === undefined) {
    throw new TerminalError(TerminalErrorCodes.card, "encrypted swipe carries no encrypted track", { field: "DE 48" });
  }
  try {
    return packSubfields(
      CARDWIRE_SECURE_DATA,
      {
        "01": "TDES-DUKPT",
        "02": encrypted.variant === "pin" ? "PIN" : "DATA",
        "03": toHex(encrypted.ksn),
        ...(encrypted.track2 !== undefined && { "04": toHex(encrypted.track2) }),
        ...(encrypted.track1 !== undefined && { "05": toHex(encrypted.track1) }),
      },
      { de: 48 },
    );
  } catch (e) {
    // A ciphertext longer than the layout allows (a track above its ISO/IEC 7813 maximum).
    if (e instanceof Iso8583Error) {
      throw new TerminalError(TerminalErrorCodes.card, `encrypted swipe: ${e.message}`, { field: "DE 48", cause: e });
    }
    throw e;
  }
}

function bad(message: string, offset: number, cause?: unknown): TerminalError {
  return new TerminalError(TerminalErrorCodes.card, `DE 48: ${message} at offset ${offset}`, {
    field: "DE 48",
    offset,
    ...(cause !== undefined && { cause }),
  });
}

/** Parses DE 48 secure data; throws `terminal.card` with the offset on anything malformed. */
export function parseSecureDataField(text: string): SecureTrackData {
  let parsed: TextSubfields;
  try {
    parsed = unpackSubfields(CARDWIRE_SECURE_DATA, text, { de: 48 }) as TextSubfields;
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
    // The layout's error names the subelement and offset (`DE 48.SE 04: length 7 below min 16 at offset 37`).
    throw new TerminalError(TerminalErrorCodes.card, e.message, {
      field: "DE 48",
      ...(e.offset !== undefined && { offset: e.offset }),
      cause: e,
    });
  }
  const seen = new Map<SubelementKey, string>();
  for (const entry of parsed.entries) {
    const row = SECURE_DATA_VALUES.find((r) => r.id === entry.id) as (typeof SECURE_DATA_VALUES)[number];
    if (!row.pattern.test(entry.value)) throw bad(`subelement ${row.id} (${row.key}) is malformed`, entry.offset + 5);
    if (seen.has(row.key)) throw bad(`subelement ${row.id} repeated`, entry.offset);
    seen.set(row.key, entry.value);
  }
  const ksn = seen.get("ksn");
  const scheme = seen.get("scheme");
  if (ksn === undefined || scheme === undefined) throw bad("scheme (01) and KSN (03) are mandatory", text.length);
  const t2 = seen.get("track2");
  const t1 = seen.get("track1");
  if (t2 === undefined && t1 === undefined) throw bad("no encrypted track (04 or 05)", text.length);
  return {
    scheme: "TDES-DUKPT",
    variant: seen.get("variant") === "PIN" ? "PIN" : "DATA",
    ksn: fromHex(ksn),
    ...(t2 !== undefined && { track2: fromHex(t2) }),
    ...(t1 !== undefined && { track1: fromHex(t1) }),
  };
}
