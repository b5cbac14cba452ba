/**
 * The NEO 2 CRC vectors from ../shared/protocols/READERS.md, read at test
 * time (never copied into the repo). Absent file → `undefined`, and the
 * callers skip.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const READERS_MD = fileURLToPath(new URL("../../../../shared/protocols/READERS.md", import.meta.url));

export interface ReadersCrcVector {
  /** The row as printed, for the test name (no card data in it). */
  readonly label: string;
  /** Frame bytes after the 10-byte header, as printed. */
  readonly body: Uint8Array;
  readonly crc: number;
  /** The two CRC bytes as printed in the "on the wire" column. */
  readonly wire: readonly [number, number];
  /** Rows the page marks with `*` (header boundary uncertain). */
  readonly flagged: boolean;
}

/** Parses `| frame | 0xCRC | `XX XX` |` rows of the NEO 2 CRC table. */
export function readersCrcVectors(): readonly ReadersCrcVector[] | undefined {
  if (!existsSync(READERS_MD)) return undefined;
  const md = readFileSync(READERS_MD, "utf8");
  const out: ReadersCrcVector[] = [];
  const row = /^\| ([^|]*`[0-9A-F ]+`[^|]*) \| 0x([0-9A-F]{4}) \| `([0-9A-F]{2}) ([0-9A-F]{2})` \|$/gm;
  for (const m of md.matchAll(row)) {
    const frame = m[1]!;
    const bytes: number[] = [];
    for (const hex of frame
      .match(/`([0-9A-F ]+)`/)![1]!
      .trim()
      .split(" "))
      bytes.push(Number.parseInt(hex, 16));
    const quoted = /"([^"]*)"/.exec(frame);
    if (quoted) for (const ch of quoted[1]!.replace(/\\0/g, "\0")) bytes.push(ch.charCodeAt(0));
    out.push({
      label: frame.replace(/`/g, "").trim(),
      body: new Uint8Array(bytes),
      crc: Number.parseInt(m[2]!, 16),
      wire: [Number.parseInt(m[3]!, 16), Number.parseInt(m[4]!, 16)],
      flagged: frame.includes("*"),
    });
  }
  return out;
}
