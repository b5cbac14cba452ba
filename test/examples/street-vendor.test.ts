import { describe, expect, it } from "vitest";
import { startAcquirerSimulator } from "../../src/acquirer/index.js";
import { expectNoFullPan, runExample } from "./run.js";

const SCRIPT = "examples/street-vendor/main.ts";

describe("examples/street-vendor", () => {
  it("default: simulated Visa swipe, in-process simulator, approved receipt with the PAN masked", async () => {
    const r = await runExample(SCRIPT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("card: visa 411111******1111");
    expect(r.stdout).toMatch(/\(simulator\)/);
    expect(r.stdout).toMatch(/^Card {8}VISA 411111\*{6}1111$/m);
    expect(r.stdout).toMatch(/^SALE {8}4\.50 USD$/m);
    expect(r.stdout).toMatch(/^APPROVED {4}00 /m);
    expect(r.stdout).toMatch(/^Auth code {3}[0-9A-Z]{6}$/m);
    expect(r.stdout).toMatch(/^STAN {8}000001$/m);
    expectNoFullPan(r.stdout + r.stderr);
  });

  it("--wav: the audio-jack reader decodes the Track 1 fixture; .51 is declined with exit 1", async () => {
    const r = await runExample(SCRIPT, ["--wav", "fixtures/audio/visa-track1-44k1-s16.wav", "--amount", "3.51"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Entry       swiped (audio-jack)");
    expect(r.stdout).toMatch(/^DECLINED {4}51 Not sufficient funds$/m);
    expectNoFullPan(r.stdout + r.stderr);
  });

  it("--acquirer: the sale lands in the ledger of a host the test runs", async () => {
    const sim = await startAcquirerSimulator({ ledgerPath: ":memory:" });
    try {
      const r = await runExample(SCRIPT, [
        "--acquirer",
        `${sim.host}:${sim.port}`,
        "--card",
        "amex",
        "--amount",
        "12.00",
        "--tid",
        "TESTVEND",
      ]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`acquirer: ${sim.host}:${sim.port}\n`);
      expect(r.stdout).toContain("AMEX 378282*****0005");
      const totals = await sim.totals("TESTVEND");
      expect(totals).toHaveLength(1);
      expect(totals[0]).toMatchObject({ currency: "840", salesCount: 1, salesMinor: 1200 }); // ISO 4217 numeric, as DE 49 carries it;
      expectNoFullPan(r.stdout + r.stderr);
    } finally {
      await sim.close();
    }
  });

  it("a recording with no swipe ends without a card (exit 1); bad arguments exit 2 with usage", async () => {
    const noise = await runExample(SCRIPT, ["--wav", "fixtures/audio/noise-only-44k1-s16.wav"]);
    expect(noise.code).toBe(1);
    expect(noise.stdout).toContain("no card: ended");
    expect(noise.stdout).not.toContain("APPROVED");
    const bad = await runExample(SCRIPT, ["--card", "nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain('no test card "nope"');
    expect(bad.stderr).toContain("usage: street-vendor");
    const badAmount = await runExample(SCRIPT, ["--amount", "4.5.0"]);
    expect(badAmount.code).toBe(2);
  });
});
