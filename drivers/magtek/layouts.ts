/**
 * MagTek USB HID swipe report layouts (READERS.md "MagTek USB HID swipe
 * readers", confidence H), as data: byte offsets and sizes, picked by report
 * length. The clear reader (VID 0x0801, PID 0x0001) sends 337 bytes; the
 * encrypting MagneSafe V5 / Dynamag readers 887 bytes, or 856 on some models.
 * The listed encrypted fields end at byte 855, so the 856-byte report is the
 * same layout without the 887-byte report's 31 trailing bytes (not
 * documented there; ignored).
 */

/** A fixed-size field: `at` is the first byte, `size` the bytes reserved. */
export interface MagtekField {
  readonly at: number;
  readonly size: number;
}

/** Three per-track values (T1..T3), one byte each, from `at`. */
export interface MagtekTriple {
  readonly at: number;
}

export interface MagtekClearLayout {
  readonly kind: "clear";
  readonly name: string;
  readonly length: number;
  readonly description: string;
  /** T1..T3 decode status, bit 0 = error. */
  readonly status: MagtekTriple;
  /** T1..T3 track lengths. */
  readonly lengths: MagtekTriple;
  readonly encodeType: number;
  /** T1..T3 ASCII with sentinels, 110 bytes each. */
  readonly tracks: readonly [MagtekField, MagtekField, MagtekField];
}

export interface MagtekEncryptedLayout {
  readonly kind: "encrypted";
  readonly name: string;
  readonly length: number;
  readonly description: string;
  readonly status: MagtekTriple;
  /** T1..T3 encrypted data lengths. */
  readonly encryptedLengths: MagtekTriple;
  readonly encodeType: number;
  /** T1..T3 ciphertext (TDES-CBC, zero IV, zero padded to 8 bytes, DUKPT), 112 bytes each. */
  readonly encryptedTracks: readonly [MagtekField, MagtekField, MagtekField];
  readonly cardStatus: number;
  readonly magnePrintStatus: MagtekField;
  readonly magnePrintLength: number;
  readonly magnePrint: MagtekField;
  /** Device serial, ASCII, NUL padded. */
  readonly serial: MagtekField;
  readonly encryptionStatus: MagtekField;
  readonly ksn: MagtekField;
  readonly maskedLengths: MagtekTriple;
  /** T1..T3 as the reader masks them, ASCII with sentinels. */
  readonly maskedTracks: readonly [MagtekField, MagtekField, MagtekField];
  readonly sessionId: MagtekField;
  readonly absoluteLengths: MagtekTriple;
  readonly magnePrintAbsoluteLength: number;
}

export type MagtekLayout = MagtekClearLayout | MagtekEncryptedLayout;

const CLEAR: MagtekClearLayout = {
  kind: "clear",
  name: "clear-337",
  length: 337,
  description: "clear swipe reader: status, lengths, encode type, three 110-byte ASCII tracks",
  status: { at: 0 },
  lengths: { at: 3 },
  encodeType: 6,
  tracks: [
    { at: 7, size: 110 },
    { at: 117, size: 110 },
    { at: 227, size: 110 },
  ],
};

const ENCRYPTED_FIELDS = {
  kind: "encrypted",
  status: { at: 0 },
  encryptedLengths: { at: 3 },
  encodeType: 6,
  encryptedTracks: [
    { at: 7, size: 112 },
    { at: 119, size: 112 },
    { at: 231, size: 112 },
  ],
  cardStatus: 343,
  magnePrintStatus: { at: 344, size: 4 },
  magnePrintLength: 348,
  magnePrint: { at: 349, size: 128 },
  serial: { at: 477, size: 16 },
  encryptionStatus: { at: 493, size: 2 },
  ksn: { at: 495, size: 10 },
  maskedLengths: { at: 505 },
  maskedTracks: [
    { at: 508, size: 112 },
    { at: 620, size: 112 },
    { at: 732, size: 112 },
  ],
  sessionId: { at: 844, size: 8 },
  absoluteLengths: { at: 852 },
  magnePrintAbsoluteLength: 855,
} as const;

/** Every known layout, keyed by report length. */
export const MAGTEK_LAYOUTS: ReadonlyMap<number, MagtekLayout> = new Map<number, MagtekLayout>([
  [337, CLEAR],
  [
    887,
    {
      ...ENCRYPTED_FIELDS,
      name: "encrypted-887",
      length: 887,
      description: "MagneSafe V5 / Dynamag encrypting reader, 887-byte report",
    },
  ],
  [
    856,
    {
      ...ENCRYPTED_FIELDS,
      name: "encrypted-856",
      length: 856,
      description: "encrypting reader, 856-byte report (same fields, no trailing 31 bytes)",
    },
  ],
]);

/** Load-time check: every field lies inside its report and no two fields overlap. */
function validate(layout: MagtekLayout): void {
  const spans: [string, number, number][] = [];
  const add = (name: string, at: number, size: number) => spans.push([name, at, at + size]);
  for (const [key, v] of Object.entries(layout)) {
    if (typeof v === "number" && key !== "length") add(key, v, 1);
    else if (Array.isArray(v)) for (const [i, f] of (v as MagtekField[]).entries()) add(`${key}[${i}]`, f.at, f.size);
    else if (typeof v === "object" && v !== null && "at" in v) add(key, v.at, "size" in v ? v.size : 3);
  }
  spans.sort((a, b) => a[1] - b[1]);
  for (let i = 0; i < spans.length; i++) {
    const [name, , to] = spans[i]!;
    if (to > layout.length) throw new Error(`MagTek layout ${layout.name}: ${name} ends at ${to} > ${layout.length}`);
    const next = spans[i + 1];
    if (next !== undefined && next[1] < to)
      throw new Error(`MagTek layout ${layout.name}: ${name} overlaps ${next[0]}`);
  }
}
for (const layout of MAGTEK_LAYOUTS.values()) validate(layout);
