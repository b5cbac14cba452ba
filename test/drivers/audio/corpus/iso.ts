/**
 * An independent ISO/IEC 7811-2 / 7813 encoder for the corpus (it shares no
 * code with drivers/audio so a shared misreading of the standard cannot hide):
 * random payment cards with Luhn-valid PANs, their Track 1/2 texts, and the
 * recorded bit strings ("0"/"1" characters) with parity and LRC.
 */
import type { Rng } from "./rng.js";

export interface TrackSpec {
  readonly track: 1 | 2 | 3;
  readonly bpi: number;
  readonly dataBits: number;
  readonly base: number;
}

export const T1: TrackSpec = { track: 1, bpi: 210, dataBits: 6, base: 32 };
export const T2: TrackSpec = { track: 2, bpi: 75, dataBits: 4, base: 48 };
export const T3: TrackSpec = { track: 3, bpi: 210, dataBits: 4, base: 48 };

function charBits(value: number, dataBits: number): string {
  let s = "";
  let ones = 0;
  for (let i = 0; i < dataBits; i++) {
    const b = Math.floor(value / 2 ** i) % 2;
    ones += b;
    s += b === 1 ? "1" : "0";
  }
  return s + (ones % 2 === 0 ? "1" : "0");
}

/** Bits as recorded, leading and trailing zeros included. */
export function isoBits(spec: TrackSpec, text: string, leading: number, trailing: number): string {
  let lrc = 0;
  let body = "";
  for (const ch of text) {
    const v = ch.charCodeAt(0) - spec.base;
    lrc ^= v;
    body += charBits(v, spec.dataBits);
  }
  return "0".repeat(leading) + body + charBits(lrc, spec.dataBits) + "0".repeat(trailing);
}

function luhnComplete(partial: string): string {
  let sum = 0;
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return partial + String((10 - (sum % 10)) % 10);
}

const PREFIXES = [
  ["4", 16],
  ["51", 16],
  ["2221", 16],
  ["37", 15],
  ["6011", 16],
  ["3528", 16],
  ["4", 13],
] as const;
const SURNAMES = ["DOE", "SMITH", "NGUYEN", "MUELLER", "OKAFOR", "GARCIA", "LI", "KOWALSKI"];
const GIVEN = ["JANE", "JOHN", "ALEX", "MARIA", "TOMAS", "AIKO", "PRIYA", "SAM"];

function digits(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}

export interface TestCardTracks {
  readonly pan: string;
  readonly track1: string;
  readonly track2: string;
}

export function randomCard(rng: Rng): TestCardTracks {
  const [prefix, len] = rng.pick(PREFIXES);
  const pan = luhnComplete(prefix + digits(rng, len - prefix.length - 1));
  const yy = String(rng.int(26, 39));
  const mm = String(rng.int(1, 12)).padStart(2, "0");
  const svc = rng.pick(["101", "201", "121", "226"]);
  const name = `${rng.pick(SURNAMES)}/${rng.pick(GIVEN)}`;
  const disc1 = digits(rng, rng.int(0, 79 - (pan.length + name.length + 12)));
  const disc2 = digits(rng, rng.int(0, Math.max(0, 40 - (pan.length + 10))));
  return {
    pan,
    track1: `%B${pan}^${name}^${yy}${mm}${svc}${disc1}?`,
    track2: `;${pan}=${yy}${mm}${svc}${disc2}?`,
  };
}
