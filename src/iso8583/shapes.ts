/**
 * The `fields` objects unpack returns, cloned from templates. A message type
 * comes back with the same bitmap again and again (a terminal's 0210s, a
 * host's 0200s); V8 copies an object literal with the same integer keys in
 * one step (`{...template}` copies its element store), where building it key
 * by key grows and rewrites that store. Measured on the bench's 17-field 0200:
 * 150 ns for clone + 17 stores against 300 ns for a pre-sized `{}`.
 *
 * Per spec, the last few distinct primary+secondary bitmaps (bits 1–128) are
 * kept with a template whose values are all "" — never card data. Bitmaps
 * with bit 65 set (tertiary) are not cached.
 */
import type { FieldValue } from "./types.js";

/** Distinct bitmaps remembered per spec; a new one replaces the oldest. */
const WAYS = 8;

/** Hits of one bitmap before its own unpack is generated: a bitmap seen once or twice is not worth the compile. */
const SPECIALISE_AFTER = 16;
/** Bitmap-specialised unpacks generated per spec, at most (each a `new Function`, a few KiB of code). */
const SPECIALISED_MAX = 32;

export type FieldsObject = Record<number, FieldValue>;

export class ShapeCache {
  /** Bitmap bytes 0–15 of each way, as four big-endian 32-bit words. */
  private readonly words = new Int32Array(WAYS * 4);
  private readonly templates: (FieldsObject | undefined)[] = new Array<FieldsObject | undefined>(WAYS).fill(undefined);
  private next = 0;
  private readonly specials: unknown[] = new Array<unknown>(WAYS).fill(undefined);
  private readonly hits = new Int32Array(WAYS);
  private built = 0;

  /** The way holding `bits[0, 16)`, or -1 if that bitmap was not seen lately. */
  find(bits: Uint8Array): number {
    const w0 = word(bits, 0);
    const w1 = word(bits, 4);
    const w2 = word(bits, 8);
    const w3 = word(bits, 12);
    const words = this.words;
    for (let i = 0; i < WAYS; i++) {
      const k = i << 2;
      if (words[k] === w0 && words[k + 1] === w1 && words[k + 2] === w2 && words[k + 3] === w3) {
        if (this.templates[i] !== undefined) return i;
      }
    }
    return -1;
  }

  /** A fresh object keyed like way `i` (from `find`). */
  cloneAt(i: number): FieldsObject {
    return { ...(this.templates[i] as FieldsObject) };
  }

  /**
   * Way `i`'s bitmap-specialised unpack: null while not built (or not
   * buildable); built by `builder.forBitmap(bits)` on the way's SPECIALISE_AFTER-th hit, at most
   * SPECIALISED_MAX times per spec, so bitmaps that keep replacing each other
   * cannot make every message compile code.
   */
  special<F>(i: number, builder: { forBitmap(bits: Uint8Array): F | null }, bits: Uint8Array): F | null {
    const f = this.specials[i];
    if (f !== undefined) return f as F | null;
    if (++this.hits[i]! !== SPECIALISE_AFTER || this.built >= SPECIALISED_MAX) return null;
    this.built++;
    const made = builder.forBitmap(bits);
    this.specials[i] = made;
    return made;
  }

  /** Remembers the key set of `bits[0, 16)` (bits 1 and 65 are bitmaps, not keys). */
  remember(bits: Uint8Array): void {
    const t: FieldsObject = {};
    // Highest key first, so the template's element store is sized once.
    for (let de = 128; de >= 2; de--) {
      if (de !== 65 && ((bits[(de - 1) >> 3] as number) & (0x80 >> ((de - 1) & 7))) !== 0) t[de] = "";
    }
    const i = this.next;
    this.next = (i + 1) % WAYS;
    const k = i << 2;
    this.words[k] = word(bits, 0);
    this.words[k + 1] = word(bits, 4);
    this.words[k + 2] = word(bits, 8);
    this.words[k + 3] = word(bits, 12);
    this.templates[i] = t;
    this.specials[i] = undefined;
    this.hits[i] = 0;
  }
}

function word(b: Uint8Array, at: number): number {
  return (
    ((b[at] as number) << 24) | ((b[at + 1] as number) << 16) | ((b[at + 2] as number) << 8) | (b[at + 3] as number)
  );
}
