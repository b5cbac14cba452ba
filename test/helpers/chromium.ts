/**
 * One way to start Debian's Chromium for browser tests (never a downloaded
 * browser). The flags keep it quiet on a machine with no network but the
 * package registries (no background networking, component updates or sync)
 * and let a WAV file stand in for the microphone.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Browser tests run wherever Chromium is installed, and always in CI (where .ci/run installs it). */
export const CHROMIUM_AVAILABLE = existsSync(CHROMIUM) || process.env.CI !== undefined;

export function launchChromium(options: { fakeMicrophoneWav?: string } = {}): Promise<Browser> {
  const mic = options.fakeMicrophoneWav;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: false, // headless mode comes from the explicit --headless=new
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(mic === undefined
        ? []
        : [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            `--use-file-for-fake-audio-capture=${mic}`,
          ]),
      // No user gesture in a test: let the AudioContext run without one.
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}
