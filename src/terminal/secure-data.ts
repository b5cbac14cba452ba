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
import { fromHex, isHex, toHex } from "../bytes/index.js";
import type { EncryptedCardData } from "../reader/index.js";
import { TerminalError, TerminalErrorCodes } from "./errors.js";

export const SECURE_DATA_SUBELEMENTS = [
  {
    id: "01",
    key: "scheme",
    pattern: /^TDES-DUKPT$/,
    description: "Encryption scheme: TDES DUKPT (ANSI X9.24-1:2009)",
  },
  {
    id: "02",
    key: "variant",
    pattern: /^(PIN|DATA)$/,
    description: "DUKPT key that encrypted the tracks: PIN variant (MagTek default) or DATA (X9.24-1:2009 data key)",
  },
  { id: "03", key: "ksn", pattern: /^[0-9A-F]{20}$/, description: "Key serial number, 10 bytes as hex (X9.24-1 §A.1)" },
  {
    id: "04",
    key: "track2",
    pattern: /^(?:[0-9A-F]{16})+$/,
    description: "Track 2 (with sentinels) ciphertext as hex: TDES-CBC, zero IV, zero padded to 8 bytes",
  },
  { id: "05", key: "track1", pattern: /^(?:[0-9A-F]{16})+$/, description: "Track 1 ciphertext as hex, same cipher" },
] as const;
type SubelementKey = (typeof SECURE_DATA_SUBELEMENTS)[number]["key"];

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
  const values: Partial<Record<SubelementKey, string>> = {
    scheme: "TDES-DUKPT",
    variant: encrypted.variant === "pin" ? "PIN" : "DATA",
    ksn: toHex(encrypted.ksn),
    ...(encrypted.track2 !== undefined && { track2: toHex(encrypted.track2) }),
    ...(encrypted.track1 !== undefined && { track1: toHex(encrypted.track1) }),
  };
  let out = "";
  for (const s of SECURE_DATA_SUBELEMENTS) {
    const v = values[s.key];
    if (v !== undefined) out += `${s.id}${String(v.length).padStart(3, "0")}${v}`;
  }
  return out;
}

function bad(message: string, offset: number): TerminalError {
  return new TerminalError(TerminalErrorCodes.card, `DE 48: ${message} at offset ${offset}`, {
    field: "DE 48",
    offset,
  });
}

/** Parses DE 48 secure data; throws `terminal.card` with the offset on anything malformed. */
export function parseSecureDataField(text: string): SecureTrackData {
  const seen = new Map<SubelementKey, string>();
  let i = 0;
  while (i < text.length) {
    const head = text.slice(i, i + 5);
    if (!/^\d{5}$/.test(head)) throw bad("expected subelement id (n2) and length (n3)", i);
    const row = SECURE_DATA_SUBELEMENTS.find((s) => s.id === head.slice(0, 2));
    if (row === undefined) throw bad(`unknown subelement ${head.slice(0, 2)}`, i);
    const len = Number(head.slice(2));
    const value = text.slice(i + 5, i + 5 + len);
    if (value.length !== len) throw bad(`subelement ${row.id} length ${len}, only ${value.length} left`, i + 2);
    if (!row.pattern.test(value)) throw bad(`subelement ${row.id} (${row.key}) is malformed`, i + 5);
    if (seen.has(row.key)) throw bad(`subelement ${row.id} repeated`, i);
    seen.set(row.key, value);
    i += 5 + len;
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
    ...(t2 !== undefined && isHex(t2) && { track2: fromHex(t2) }),
    ...(t1 !== undefined && isHex(t1) && { track1: fromHex(t1) }),
  };
}
