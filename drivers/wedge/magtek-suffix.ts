/**
 * MagTek's encrypted keyboard-wedge suffix: after the masked tracks, a run of
 * `|`-separated fields (READERS.md, "Keyboard-wedge text", confidence H for
 * the field list). The field ORDER below follows READERS.md's listing and is
 * confidence M until checked against a capture: encryption status, encrypted
 * Track 1–3 (hex), MagnePrint status, MagnePrint data (hex), device serial,
 * session id, DUKPT KSN (hex). What follows (CRCs, format code) varies in
 * count by firmware, so it is kept as `trailing` strings, unnamed.
 */
import { fromHex } from "../../src/bytes/hex.js";
import { WedgeError, WedgeErrorCodes } from "./errors.js";

type FieldKind = "text" | "hex";

/** Position → name and kind, in wire order. */
export const MAGTEK_WEDGE_FIELDS = [
  { name: "encryptionStatus", kind: "text", description: "encryption status word, as typed" },
  { name: "track1Encrypted", kind: "hex", description: "Track 1 ciphertext (TDES-CBC, DUKPT), hex" },
  { name: "track2Encrypted", kind: "hex", description: "Track 2 ciphertext, hex" },
  { name: "track3Encrypted", kind: "hex", description: "Track 3 ciphertext, hex" },
  { name: "magnePrintStatus", kind: "text", description: "MagnePrint status, as typed" },
  { name: "magnePrint", kind: "hex", description: "MagnePrint data (encrypted), hex" },
  { name: "serial", kind: "text", description: "device serial number" },
  { name: "sessionId", kind: "text", description: "encrypted session id, as typed" },
  { name: "ksn", kind: "hex", description: "DUKPT key serial number, hex (10 bytes)" },
] as const satisfies readonly { name: string; kind: FieldKind; description: string }[];

export interface MagtekWedgeSuffix {
  readonly encryptionStatus: string;
  readonly track1Encrypted: Uint8Array;
  readonly track2Encrypted: Uint8Array;
  readonly track3Encrypted: Uint8Array;
  readonly magnePrintStatus: string;
  readonly magnePrint: Uint8Array;
  readonly serial: string;
  readonly sessionId: string;
  readonly ksn: Uint8Array;
  /** Fields after the KSN (CRCs, format code), unnamed: their count differs by firmware. */
  readonly trailing: readonly string[];
}

/**
 * Splits the text after the first `|` into named parts. Missing fields are
 * empty; a hex field that is not hex is a `wedge.suffix` error naming the
 * field and the character offset within `text`.
 */
export function parseMagtekWedgeSuffix(text: string): MagtekWedgeSuffix {
  const parts = text.split("|");
  const out: Record<string, string | Uint8Array | readonly string[]> = {};
  let offset = 0;
  MAGTEK_WEDGE_FIELDS.forEach((field, i) => {
    const value = parts[i] ?? "";
    if (field.kind === "hex") {
      try {
        out[field.name] = fromHex(value);
      } catch (e) {
        throw new WedgeError(WedgeErrorCodes.suffix, `encrypted suffix field ${field.name} is not hex`, {
          field: field.name,
          offset: offset + ((e as { offset?: number }).offset ?? 0),
          cause: e,
        });
      }
    } else {
      out[field.name] = value;
    }
    offset += value.length + 1;
  });
  out.trailing = parts.slice(MAGTEK_WEDGE_FIELDS.length);
  return out as unknown as MagtekWedgeSuffix;
}
