/**
 * The browser path end to end, in real Chromium: a page built from the SDK's
 * browser entry (src/index.ts) opens the microphone through `openMicrophone`
 * (getUserMedia + AudioWorklet), an `AudioJackReader` decodes it, and the
 * swipe event must carry the right card. Chromium's fake capture device plays
 * a WAV fixture written here (a test card swipe between 1.5 s of silence,
 * looped by the device).
 *
 * Skips only when /usr/bin/chromium is absent and CI is unset; in CI it must
 * run (.ci/run installs chromium). Never downloads a browser.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_AVAILABLE, launchChromium } from "../../../helpers/chromium.js";
import { servePage, type TestPage } from "../../../helpers/page.js";
import { synthesizeSwipe } from "../../../../drivers/audio/synth/index.js";
import { encodeWav } from "../../../../drivers/audio/wav.js";

const TRACK1 = "%B4111111111111111^CARDWIRE/BROWSER^3012101000000000000000?";

/** The page: everything goes through the public browser entry. */
const PAGE_ENTRY = `
import { AudioJackReader, openMicrophone } from "./src/index.ts";
let mic;
window.startReader = async () => {
  const reader = new AudioJackReader({
    source: async () => {
      mic = await openMicrophone();
      return mic;
    },
  });
  reader.on("swipe", (e) => {
    window.reportSwipe({
      maskedPan: e.card ? e.card.maskedPan : null,
      expiry: e.card && e.card.expiry ? e.card.expiry.yymm : null,
      brand: e.card ? e.card.brand : null,
      track: e.details ? e.details.track : null,
      sampleRate: mic ? mic.sampleRate : null,
      settings: mic ? mic.settings : null,
    });
  });
  reader.on("error", (e) => window.reportError(e.error.code + ": " + e.error.message));
  await reader.connect();
  window.cardwireReader = reader;
  return reader.state;
};
`;

interface SwipeReport {
  readonly maskedPan: string | null;
  readonly expiry: string | null;
  readonly brand: string | null;
  readonly track: number | null;
  readonly sampleRate: number | null;
  readonly settings: Record<string, unknown> | null;
}

describe.skipIf(!CHROMIUM_AVAILABLE)("browser microphone (headless Chromium, fake capture device)", () => {
  let dir = "";
  let served: TestPage | undefined;
  let browser: Browser | undefined;
  let wavPath = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cardwire-browser-"));
    const rate = 44100;
    const swipe = synthesizeSwipe({
      sampleRate: rate,
      track: 1,
      data: TRACK1,
      speed: { from: 8, to: 14 },
      seed: 21,
      leadingSilence: 1.5,
      trailingSilence: 1.5,
      impairments: { levelDbfs: -10, noise: { snrDb: 35 } },
    });
    wavPath = join(dir, "swipe.wav");
    writeFileSync(wavPath, encodeWav({ sampleRate: rate, channels: [swipe] }, { bitsPerSample: 16 }));

    served = await servePage(PAGE_ENTRY);

    browser = await launchChromium({ fakeMicrophoneWav: wavPath });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a page using the SDK's browser entry receives the swipe with the right card", async () => {
    const page = await (browser as Browser).newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    let resolveSwipe: (r: SwipeReport) => void = () => undefined;
    const firstSwipe = new Promise<SwipeReport>((ok) => {
      resolveSwipe = ok;
    });
    await page.exposeFunction("reportSwipe", (r: SwipeReport) => resolveSwipe(r));
    await page.exposeFunction("reportError", (m: string) => errors.push(m));
    await page.goto((served as TestPage).origin);
    await page.waitForFunction(
      () => typeof (window as unknown as { startReader?: unknown }).startReader === "function",
    );
    const state = await page.evaluate(() =>
      (window as unknown as { startReader: () => Promise<string> }).startReader(),
    );
    expect(state).toBe("ready");

    // A guard against hanging, not a timing assertion: the looped file holds a swipe every ~4 s.
    let guard: ReturnType<typeof setTimeout> | undefined;
    const report = await Promise.race([
      firstSwipe,
      new Promise<never>((_, fail) => {
        guard = setTimeout(
          () => fail(new Error(`no swipe event from the page; errors: ${errors.join(" | ")}`)),
          25_000,
        );
      }),
    ]);
    clearTimeout(guard);

    expect(errors).toEqual([]);
    expect(report).toMatchObject({ maskedPan: "411111******1111", expiry: "3012", brand: "visa", track: 1 });
    expect(report.sampleRate).toBeGreaterThanOrEqual(8000);
    // The constraints that matter for a magnetic head really are off in the running track.
    expect(report.settings).toMatchObject({ echoCancellation: false, noiseSuppression: false, autoGainControl: false });

    const after = await page.evaluate(async () => {
      const r = (window as unknown as { cardwireReader: { disconnect(): Promise<void>; state: string } })
        .cardwireReader;
      await r.disconnect();
      return r.state;
    });
    expect(after).toBe("disconnected");
    await page.close();
  }, 60_000);
});
