import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_WAV, findPackageRoot, fixturePath } from "../../src/cli/commands/demo.js";
import { TEST_BDKS, TEST_ISSUER_KEYS } from "../../src/acquirer/test-keys.js";
import { runCli } from "../../src/cli/run.js";
import { fakeIO } from "./io.js";

const cwd = mkdtempSync(join(tmpdir(), "cardwire-cli-demo-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const FULL_PANS = ["4111111111111111", "5555555555554444"];

describe("cardwire demo", () => {
  it("default (audio reader on the bundled WAV) approves and prints masked messages", async () => {
    expect(existsSync(new URL(`../../fixtures/${DEMO_WAV}`, import.meta.url))).toBe(true);
    const io = fakeIO(cwd);
    expect(await runCli(["demo"], io)).toBe(0);
    const text = io.text();
    expect(text).toMatch(/via audio-jack/);
    expect(text).toMatch(/→ request to host[\s\S]*MTI 0200[\s\S]*← response from host[\s\S]*MTI 0210/);
    expect(text).toMatch(/^APPROVED 12\.34 USD auth code [0-9A-Z]{6} \(RRN \d{12}, STAN \d{6}\)$/m);
    expect(text).toContain("411111******1111");
    for (const pan of FULL_PANS) expect(text).not.toContain(pan);
  });

  it("--reader simulated --card mastercard --json prints one JSON object with masked messages", async () => {
    const io = fakeIO(cwd);
    expect(await runCli(["demo", "--reader", "simulated", "--card", "mastercard", "--json"], io)).toBe(0);
    const parsed = JSON.parse(io.out.join("\n")) as {
      messages: { direction: string; message: { mti: string; fields: Record<string, string> } }[];
      result: { status: string; authCode: string; maskedPan: string };
    };
    expect(parsed.result.status).toBe("approved");
    expect(parsed.result.maskedPan).toBe("555555******4444");
    expect(parsed.messages.map((m) => `${m.direction} ${m.message.mti}`)).toEqual(["sent 0200", "received 0210"]);
    expect(parsed.messages[1]?.message.fields["38"]).toBe(parsed.result.authCode);
    for (const pan of FULL_PANS) expect(io.text()).not.toContain(pan);
  });

  it.each([
    ["visa", /card: ARPC verified \(EXTERNAL AUTHENTICATE, visa-cvn10\)/],
    ["visa-chip", /card: ARPC verified \(EXTERNAL AUTHENTICATE, emv-minimum\)/],
  ])("--reader chip --card %s: DE 22 052, DE 55, approved, the card verifies the ARPC", async (card, arpc) => {
    const io = fakeIO(cwd);
    expect(await runCli(["demo", "--reader", "chip", "--card", card], io)).toBe(0);
    const text = io.text();
    expect(text).toMatch(/DE 22 +Point of service entry mode +052/);
    expect(text).toMatch(/9F26 Application Cryptogram \(8\) \*{16}/);
    expect(text).toMatch(/^APPROVED /m);
    expect(text).toMatch(arpc);
    for (const secret of [...FULL_PANS, "4000056655665556", ...TEST_ISSUER_KEYS.map((k) => k.imkAc)]) {
      expect(text).not.toContain(secret);
    }
  });

  it("--reader secure-swipe: DE 48 ciphertext + KSN only, approved, no PAN or BDK printed", async () => {
    const io = fakeIO(cwd);
    expect(await runCli(["demo", "--reader", "secure-swipe", "--json"], io)).toBe(0);
    const parsed = JSON.parse(io.out.join("\n")) as {
      messages: { message: { fields: Record<string, unknown> } }[];
      result: { status: string; maskedPan: string };
    };
    expect(parsed.result).toMatchObject({ status: "approved", maskedPan: "411111******1111" });
    const req = parsed.messages[0]!.message.fields;
    // DE 48 shown through the cardwire87ascii layout: scheme, variant and KSN in clear, ciphertexts masked.
    expect(req["48"]).toEqual({
      subfields: [
        expect.objectContaining({ id: "01", value: "TDES-DUKPT" }),
        expect.objectContaining({ id: "02", value: "DATA" }),
        expect.objectContaining({ id: "03", value: "FFFF9876543210E00001" }),
        expect.objectContaining({ id: "04", value: expect.stringMatching(/^\[secret: \d+ characters\]$/) }),
        expect.objectContaining({ id: "05", value: expect.stringMatching(/^\[secret: \d+ characters\]$/) }),
      ],
    });
    expect(req["2"] ?? req["35"] ?? req["45"]).toBeUndefined();
    for (const secret of [...FULL_PANS, TEST_BDKS[0].bdk]) expect(io.text()).not.toContain(secret);
  });

  it("--reveal prints the full PAN (and only then)", async () => {
    const io = fakeIO(cwd);
    expect(await runCli(["demo", "--reader", "simulated", "--reveal"], io)).toBe(0);
    expect(io.text()).toContain("4111111111111111");
  });

  it("a decline exits 1 with DECLINED and the response code", async () => {
    const io = fakeIO(cwd);
    expect(await runCli(["demo", "--reader", "simulated", "--amount", "20.51"], io)).toBe(1);
    expect(io.text()).toMatch(/^DECLINED 20\.51 USD 51 Not sufficient funds/m);
  });

  it.each([
    [["--amount", "abc"], /--amount/],
    [["--amount", "-1"], /--amount/],
    [["--amount", "1.234"], /3 decimals; USD allows 2/],
    [["--amount", "0"], /--amount/],
    [["--currency", "XYZ"], /unknown currency/],
    [["--reader", "bluetooth"], /--reader must be one of audio, simulated, chip, secure-swipe/],
    [["--card", "nope"], /--card must be one of/],
    [["--timeout", "0"], /--timeout/],
    [["extra"], /unexpected argument/],
  ])("bad arguments %j → one line on stderr, exit 2", async (args, message) => {
    const io = fakeIO(cwd);
    expect(await runCli(["demo", ...args], io)).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(message);
    expect(io.out).toEqual([]);
  });

  it("--help lists the options", async () => {
    const io = fakeIO(cwd);
    expect(await runCli(["demo", "--help"], io)).toBe(0);
    expect(io.text()).toMatch(/--reader <audio\|simulated\|chip\|secure-swipe>/);
    expect(io.text()).toMatch(/--reveal/);
  });
});

describe("demo fixture resolution", () => {
  const root = mkdtempSync(join(tmpdir(), "cardwire-layout-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // An installed package: <root>/package.json (name cardwire), <root>/dist/cli.js, <root>/fixtures/...
  const pkg = join(root, "node_modules", "cardwire");
  mkdirSync(join(pkg, "dist"), { recursive: true });
  mkdirSync(join(pkg, "src", "cli", "commands"), { recursive: true });
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "cardwire", version: "0.0.0" }));
  // The app that depends on it has a package.json of its own, which must be walked past.
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "some-app" }));

  it("finds the root from the bundled layout (dist/cli.js) and from the source layout", () => {
    const fromDist = pathToFileURL(join(pkg, "dist", "cli.js"));
    const fromSrc = join(pkg, "src", "cli", "commands", "demo.ts");
    expect(findPackageRoot(fromDist)).toBe(pkg);
    expect(findPackageRoot(fromSrc)).toBe(pkg);
    expect(fixturePath(DEMO_WAV, fromDist)).toBe(join(pkg, "fixtures", "audio", "visa-track1-44k1-s16.wav"));
    expect(fixturePath(DEMO_WAV, fromSrc)).toBe(fixturePath(DEMO_WAV, fromDist));
  });

  it("resolves this repository's fixture from the real module (the default)", () => {
    expect(existsSync(fixturePath(DEMO_WAV))).toBe(true);
  });

  it("no cardwire package.json above → audio.wav_file naming where it looked", () => {
    const lonely = join(root, "elsewhere", "dist");
    mkdirSync(lonely, { recursive: true });
    expect(findPackageRoot(join(lonely, "cli.js"))).toBeUndefined();
    expect(() => fixturePath(DEMO_WAV, join(lonely, "cli.js"))).toThrow(/cannot find fixtures\/audio\/visa-track1/);
  });

  it("a missing WAV exits 1 with the path (not 'no card decoded')", async () => {
    const io = fakeIO(cwd);
    expect(await runCli(["demo", "--wav", "nope/missing.wav"], io)).toBe(1);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/audio\.wav_file: cannot read WAV file ".*nope\/missing\.wav": ENOENT/);
    expect(io.text()).not.toMatch(/no card decoded/);
  });
});
