/**
 * examples/taxi-web: built with esbuild for the browser exactly as its README
 * says (the `cardwire` import resolves through tsconfig `paths`), checked for
 * Node built-ins, then driven in headless Chromium. The microphone path uses
 * Chromium's fake capture device playing a repository fixture.
 *
 * The Chromium part skips only when /usr/bin/chromium is absent and CI is unset.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { build, type Metafile } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_AVAILABLE, launchChromium } from "../helpers/chromium.js";
import { expectNoFullPan, REPO } from "./run.js";

const EXAMPLE = join(REPO, "examples/taxi-web");
const MIC_WAV = join(REPO, "fixtures/audio/visa-track1-44k1-s16.wav");

const dir = mkdtempSync(join(tmpdir(), "cardwire-taxi-web-"));
let metafile: Metafile;
let bundle = "";

beforeAll(async () => {
  mkdirSync(join(dir, "dist"));
  copyFileSync(join(EXAMPLE, "index.html"), join(dir, "index.html"));
  const result = await build({
    entryPoints: [join(EXAMPLE, "main.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    outdir: join(dir, "dist"),
    metafile: true,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  metafile = result.metafile;
  bundle = readFileSync(join(dir, "dist/main.js"), "utf8");
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("examples/taxi-web bundle", () => {
  it("bundles from the browser entry with no Node built-in and no Node-only module", () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((p) => p.endsWith("src/index.ts"))).toBe(true); // "cardwire" resolved to the browser entry
    expect(inputs.some((p) => p.includes("drivers/audio/"))).toBe(true);
    expect(inputs.filter((p) => p.startsWith("node:") || p.endsWith(".node.ts") || p.endsWith("src/node.ts"))).toEqual(
      [],
    );
    expect(inputs.filter((p) => /src\/(crypto|terminal|acquirer|cli)\//.test(p))).toEqual([]);
    expect(bundle).not.toMatch(/["']node:/);
    expect(bundle).not.toMatch(/\brequire\(["'](fs|net|path|os|crypto|child_process)["']\)/);
  });
});

describe.skipIf(!CHROMIUM_AVAILABLE)("examples/taxi-web in headless Chromium", () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let origin = "";

  beforeAll(async () => {
    const types: Record<string, string> = {
      ".html": "text/html",
      ".js": "text/javascript",
      ".map": "application/json",
    };
    server = createServer((req, res) => {
      const path = req.url === "/" ? "/index.html" : (req.url ?? "");
      const file = join(dir, path);
      if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
      res
        .writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" })
        .end(readFileSync(file));
    });
    await new Promise<void>((ok) => server?.listen(0, "127.0.0.1", ok));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium({ fakeMicrophoneWav: MIC_WAV });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  });

  /** Waits (a hang guard, not a timing assertion) until #card shows `text`. */
  async function cardShows(page: Page, text: string): Promise<void> {
    await page.waitForFunction((t) => document.getElementById("card")?.textContent === t, text, { timeout: 30_000 });
  }

  it("shows simulated, synthetic-audio and microphone swipes masked, never a full PAN", async () => {
    const page = await (browser as Browser).newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    await page.goto(origin);
    await expect.poll(() => page.locator("#test-card option").count()).toBeGreaterThan(10);
    expect(await page.textContent("#card")).toBe("no card yet");

    await page.click("#connect");
    await page.waitForFunction(() => !(document.getElementById("swipe") as HTMLButtonElement).disabled);
    await page.selectOption("#test-card", "mastercard");
    await page.click("#swipe");
    await cardShows(page, "MASTERCARD 555555******4444 exp 12/30");

    await page.click("#bad-swipe");
    await cardShows(page, "Card not readable, try another card or insert it");

    await page.selectOption("#test-card", "amex");
    await page.click("#audio-test");
    await cardShows(page, "AMEX 378282*****0005 exp 12/30");

    await page.click("#mic");
    await cardShows(page, "VISA 411111******1111 exp 12/30");

    const log = (await page.textContent("#events")) ?? "";
    expect(log).toContain("[simulated] swipe: mastercard 555555******4444");
    expect(log).toContain("[simulated] read failed (bad_track)");
    expect(log).toContain("[audio-synthetic] swipe: amex 378282*****0005");
    expect(log).toContain("[audio-jack] swipe: visa 411111******1111");
    expectNoFullPan(await page.content());
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
