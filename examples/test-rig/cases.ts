/**
 * The rig's default run: which card goes through which reader, for how much,
 * and what the host must answer. Data, not code — a JSON file of the same
 * shape replaces it with `--cases FILE`.
 *
 * Expected outcomes follow the acquirer simulator's DEFAULT_RULES
 * (docs/acquirer-simulator.md): amounts ending .05/.51/.54/.91 decline with
 * that code, PAN 4000000000000002 → 05, 4000000000009995 → 51, expired → 54,
 * over 100 000.00 → 61, .68 is approved but never answered (the terminal
 * times out and reverses). Against a real host, write your own table.
 */

/** A DE 39 response code, or an outcome that has none. */
export type Expectation =
  | string // two-character DE 39, e.g. "00", "05"
  | "timeout" // no response: the terminal reversed
  | "read_failed" // the reader refused the card (bad track, Luhn)
  | "no_card"; // the reader ended without a card (noise-only recording)

export interface RigCase {
  readonly id: string;
  /**
   * `visa` (a TEST_CARDS id), `pan:4000000000000002` (Track 1 + 2 built for
   * that PAN, expiry 3012), `track2:;…?` (raw, may be invalid on purpose) or
   * `wav:fixtures/audio/….wav` (decoded by the audio-jack reader; paths are
   * relative to the repository root).
   */
  readonly card: string;
  /** Tracks the simulated head reads (default both); ignored for `wav:`. */
  readonly tracks?: readonly ("track1" | "track2")[];
  /** Major units, e.g. "10.05". */
  readonly amount: string;
  readonly currency?: string;
  readonly expect: Expectation;
  readonly description: string;
}

export const DEFAULT_CASES = [
  { id: "approve-visa", card: "visa", amount: "10.00", expect: "00", description: "plain approval, Track 2 in DE 35" },
  {
    id: "approve-track1-only",
    card: "mastercard",
    tracks: ["track1"],
    amount: "10.00",
    expect: "00",
    description: "head read Track 1 only: DE 2 + DE 14 + DE 45",
  },
  { id: "approve-amex", card: "amex", amount: "7.00", expect: "00", description: "15-digit Amex" },
  { id: "amount-05", card: "visa", amount: "10.05", expect: "05", description: "amount rule: do not honour" },
  { id: "amount-51", card: "discover", amount: "10.51", expect: "51", description: "amount rule: insufficient funds" },
  { id: "amount-54", card: "jcb", amount: "10.54", expect: "54", description: "amount rule: expired card" },
  { id: "amount-91", card: "visa-2", amount: "10.91", expect: "91", description: "amount rule: issuer unavailable" },
  { id: "expired", card: "visa-expired", amount: "10.00", expect: "54", description: "card expired 2019-12" },
  { id: "bin-decline", card: "pan:4000000000000002", amount: "10.00", expect: "05", description: "BIN rule: 05" },
  { id: "bin-nsf", card: "pan:4000000000009995", amount: "10.00", expect: "51", description: "BIN rule: 51" },
  { id: "over-limit", card: "visa", amount: "100000.01", expect: "61", description: "over 10 000 000 minor units" },
  {
    id: "no-response",
    card: "mastercard",
    amount: "10.68",
    expect: "timeout",
    description: "host withholds the answer: timeout and automatic reversal",
  },
  {
    id: "bad-luhn",
    card: "track2:;4111111111111112=3012101?",
    amount: "10.00",
    expect: "read_failed",
    description: "check digit wrong: the reader refuses it, nothing is sent",
  },
  {
    id: "audio-visa-track1",
    card: "wav:fixtures/audio/visa-track1-44k1-s16.wav",
    amount: "10.00",
    expect: "00",
    description: "audio-jack head, Track 1 at 44.1 kHz",
  },
  {
    id: "audio-amex-8k",
    card: "wav:fixtures/audio/amex-track2-8k-u8.wav",
    amount: "10.51",
    expect: "51",
    description: "audio-jack head, Track 2 at 8 kHz, declined by amount",
  },
  {
    id: "audio-noise",
    card: "wav:fixtures/audio/noise-only-44k1-s16.wav",
    amount: "10.00",
    expect: "no_card",
    description: "noise only: no card, no request",
  },
] as const satisfies readonly RigCase[];

const KEYS = new Set(["id", "card", "tracks", "amount", "currency", "expect", "description"]);

/** Checks a table read from JSON; says which row and key is wrong. */
export function validateCases(value: unknown): readonly RigCase[] {
  if (!Array.isArray(value) || value.length === 0) throw new Error("cases: expected a non-empty JSON array");
  const ids = new Set<string>();
  return value.map((row: unknown, i) => {
    const at = `cases[${i}]`;
    if (typeof row !== "object" || row === null) throw new Error(`${at}: expected an object`);
    const r = row as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!KEYS.has(k)) throw new Error(`${at}: unknown key "${k}"`);
    for (const k of ["id", "card", "amount", "expect", "description"]) {
      if (typeof r[k] !== "string" || (r[k] as string).length === 0) throw new Error(`${at}.${k}: expected a string`);
    }
    const expect = r.expect as string;
    if (!/^[0-9A-Z]{2}$/.test(expect) && !["timeout", "read_failed", "no_card"].includes(expect)) {
      throw new Error(`${at}.expect: expected a 2-character response code, timeout, read_failed or no_card`);
    }
    if (r.tracks !== undefined) {
      const ok = Array.isArray(r.tracks) && r.tracks.every((t) => t === "track1" || t === "track2");
      if (!ok) throw new Error(`${at}.tracks: expected an array of "track1" / "track2"`);
    }
    if (ids.has(r.id as string)) throw new Error(`${at}.id: "${r.id}" appears twice`);
    ids.add(r.id as string);
    return r as unknown as RigCase;
  });
}
