/**
 * Acceptance (issue #3) over corpora generated at test time with fixed seeds by
 * the independent model in this folder. Asserts rates, never speeds.
 */
import { describe, expect, it } from "vitest";
import { decodePcm } from "../../../../drivers/audio/decoder/index.js";
import { type Band, swipeCorpus } from "./corpus.js";
import { negatives } from "./negatives.js";

function run(band: Band, count: number, seed: number) {
  const corpus = swipeCorpus(band, count, seed);
  let read = 0;
  const misreads: string[] = [];
  for (const s of corpus) {
    const got = decodePcm(s.pcm, s.sampleRate).filter((o) => o.kind === "swipe");
    for (const g of got) if (g.data !== s.data) misreads.push(`${s.id} ${JSON.stringify(s.params)}`);
    if (got.length === 1 && got[0]!.data === s.data) read++;
  }
  return { rate: read / corpus.length, read, total: corpus.length, misreads };
}

describe("acceptance corpus", () => {
  it("nominal band (SNR ≥ 20 dB, ramps ≤ 5×): read rate ≥ 99.5%, zero misreads", () => {
    const r = run("nominal", 400, 20240301);
    expect(r.misreads).toEqual([]);
    expect(r.read).toBeGreaterThan(0);
    expect(r.rate, `${r.read}/${r.total}`).toBeGreaterThanOrEqual(0.995);
  }, 120_000);

  it("hard band (SNR 14–20 dB, ramps to 10×, heavy overlap, 3.2 samples/half-cell): ≥ 90%, zero misreads", () => {
    const r = run("hard", 200, 20240302);
    expect(r.misreads).toEqual([]);
    expect(r.rate, `${r.read}/${r.total}`).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it("negatives (speech, clicks, taps, ringtones, random F2F, hotel keys) never yield a card or a swipe", () => {
    const neg = negatives(20, 20240303);
    expect(neg.length).toBe(120);
    for (const n of neg) {
      const out = decodePcm(n.pcm, n.sampleRate);
      expect(
        out.filter((o) => o.kind === "swipe"),
        n.id,
      ).toEqual([]);
    }
  }, 120_000);
});
