/**
 * Zero misreads, exhaustively: for every single and every pair of bit errors
 * in a framed track (clocking zeros, sentinels, data, LRC), parseFrame either
 * rejects the frame or returns exactly the original data. A random sample of
 * flips (fast-check) found a pair that made a sentinel-like character inside
 * the data pass for a frame start; this test walks all pairs so no such case
 * can hide.
 */
import { describe, expect, it } from "vitest";
import { parseFrame } from "../../../../drivers/audio/decoder/frame.js";
import { trackFormat } from "../../../../drivers/audio/decoder/tracks.js";
import { encodeTrack } from "../../../../drivers/audio/synth/encode.js";

// Tracks chosen for their worst cases: "1" before "0" (8 zeros inside 5-bit
// data), "!" before a space (12 zeros inside 7-bit data), long zero runs.
const CASES: readonly (readonly [1 | 2, string])[] = [
  [2, ";4111111111111111=25121010000000000?"],
  [2, ";5555555555554444=29122011000010100000?"],
  [2, ";6011111111111117=2501101100000?"],
  [1, "%B4111111111111111^CARDWIRE/TEST^3012101000000000000000?"],
  [1, "%B5555555555554444^! !/!^2912201! ! ! ! !?"],
];

/** Toggles bit i and, when j ≠ i, bit j (applying it twice restores the bits). */
function flip(bits: Uint8Array, i: number, j: number): void {
  bits[i] = (bits[i] as number) ^ 1;
  if (j !== i) bits[j] = (bits[j] as number) ^ 1;
}

describe("parseFrame under every one- and two-bit error", () => {
  it.each(CASES)("track %i %s: no corrupted frame is ever accepted with other data", (track, data) => {
    const clean = encodeTrack(track, data, { leadingZeros: 20, trailingZeros: 20 });
    const format = trackFormat(track);
    expect(parseFrame(clean, 0, clean.length, format)).toMatchObject({ status: "ok", data, corrected: false });
    const bits = clean.slice();
    let accepted = 0;
    let repaired = 0;
    const wrong: string[] = [];
    for (let i = 0; i < bits.length; i++) {
      for (let j = i; j < bits.length; j++) {
        flip(bits, i, j);
        const r = parseFrame(bits, 0, bits.length, format);
        if (r.status === "ok") {
          accepted++;
          if (r.corrected) repaired++;
          if (r.data !== data && wrong.length < 5) wrong.push(`flips ${i},${j} → ${r.data.length} chars`);
        }
        flip(bits, i, j);
      }
    }
    expect(wrong).toEqual([]);
    // Not vacuous: single errors inside the frame are repaired, and errors in the clocking zeros are harmless.
    expect(repaired).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(bits.length);
  });
});
