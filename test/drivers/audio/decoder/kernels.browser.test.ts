/**
 * The decoder's WebAssembly kernels in real Chromium, on a page's main thread:
 * the synchronous compile is allowed (module < 4 KB), the outcomes equal the
 * JavaScript kernels' field for field, and under a Content-Security-Policy
 * without 'wasm-unsafe-eval' the decoder falls back to JavaScript and still
 * decodes.
 *
 * Skips only when /usr/bin/chromium is absent and CI is unset (as the other
 * browser tests). Never downloads a browser.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_AVAILABLE, launchChromium } from "../../../helpers/chromium.js";
import { servePage, type TestPage } from "../../../helpers/page.js";

/** The page: decodes a few synthesized swipes both ways and reports. */
const PAGE_ENTRY = `
import { SwipeDecoder } from "./drivers/audio/decoder/index.ts";
import { synthesizeSwipe } from "./drivers/audio/synth/index.ts";
const T1 = "%B4111111111111111^CARDWIRE/BROWSER^3012101000000000000000?";
function decode(d, pcm) {
  const out = [];
  for (let i = 0; i < pcm.length; i += 1024) out.push(...d.push(pcm.subarray(i, i + 1024)));
  out.push(...d.flush());
  return out;
}
window.run = () => {
  const results = [];
  for (const [sampleRate, snrDb, seed, to] of [[44100, 30, 1, 14], [48000, 18, 2, 14], [8000, 25, 3, 6]]) {
    const pcm = synthesizeSwipe({ sampleRate, track: 1, data: T1, speed: { from: 4, to }, seed,
      leadingSilence: 0.2, trailingSilence: 0.2, impairments: { noise: { snrDb }, levelDbfs: -12 } });
    const auto = new SwipeDecoder({ sampleRate });
    const js = new SwipeDecoder({ sampleRate, kernels: "js" });
    const a = decode(auto, pcm);
    const b = decode(js, pcm);
    results.push({ kernels: auto.kernels, same: JSON.stringify(a) === JSON.stringify(b), swipes: a.filter((o) => o.kind === "swipe").length });
  }
  return results;
};
`;

interface Report {
  readonly kernels: string;
  readonly same: boolean;
  readonly swipes: number;
}

describe.skipIf(!CHROMIUM_AVAILABLE)("decoder kernels in headless Chromium", () => {
  let served: TestPage | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    served = await servePage(PAGE_ENTRY);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  async function run(path: string): Promise<{ results: Report[]; errors: string[] }> {
    const page = await (browser as Browser).newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto((served as TestPage).origin + path);
    await page.waitForFunction(() => typeof (window as unknown as { run?: unknown }).run === "function");
    const results = await page.evaluate(() => (window as unknown as { run: () => Report[] }).run());
    await page.close();
    return { results, errors };
  }

  it("runs the WebAssembly kernels on the main thread, with the JavaScript kernels' outcomes", async () => {
    const { results, errors } = await run("/");
    expect(errors).toEqual([]);
    expect(results).toEqual([
      { kernels: "wasm", same: true, swipes: 1 },
      { kernels: "wasm", same: true, swipes: 1 },
      { kernels: "wasm", same: true, swipes: 1 },
    ]);
  }, 60_000);

  it("falls back to JavaScript under a CSP without 'wasm-unsafe-eval', and still decodes", async () => {
    const { results, errors } = await run("/strict/");
    expect(errors).toEqual([]);
    expect(results.map((r) => r.kernels)).toEqual(["js", "js", "js"]);
    expect(results.every((r) => r.same && r.swipes === 1)).toBe(true);
  }, 60_000);
});
