/**
 * Property: any valid card and amount → request → (TCP) simulator →
 * response is well formed and agrees with the rules table; and the
 * simulator survives arbitrary bytes and arbitrary field maps.
 */
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AcquirerHost } from "../../src/acquirer/host.js";
import { SqliteLedger } from "../../src/acquirer/ledger-sqlite.node.js";
import { DEFAULT_RULES, decide } from "../../src/acquirer/rules.js";
import { type RunningSimulator, startAcquirerSimulator } from "../../src/acquirer/server.node.js";
import { luhnCheckDigit } from "../../src/card/index.js";
import { isCardwireError } from "../../src/errors/index.js";
import { amountOf, CURRENCIES } from "../../src/terminal/amount.js";
import { RESPONSE_CODES } from "../../src/terminal/codes.js";
import { wireCodec } from "../../src/terminal/codec.js";
import { TcpHostLink } from "../../src/terminal/host-link-tcp.node.js";
import { MemoryJournal } from "../../src/terminal/journal.js";
import { Terminal } from "../../src/terminal/terminal.js";
import { rawSwipe } from "./fixtures.js";

let sim: RunningSimulator;
let link: TcpHostLink;
beforeAll(async () => {
  sim = await startAcquirerSimulator({});
  link = new TcpHostLink({ host: sim.host, port: sim.port });
});
afterAll(async () => {
  await link.close();
  await sim.close();
});

const panArb = fc
  .tuple(fc.constantFrom("4", "51", "55", "34", "37", "6011", "35", "62"), fc.integer({ min: 13, max: 19 }))
  .chain(([prefix, len]) =>
    fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: len - prefix.length - 1, maxLength: len - prefix.length - 1 })
      .map((ds) => {
        const body = prefix + ds.join("");
        return body + luhnCheckDigit(body);
      }),
  );
const expiryArb = fc
  .tuple(fc.integer({ min: 15, max: 45 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => `${y}${String(m).padStart(2, "0")}`);
// Amounts whose outcome is a response now (the .68 no-response and .97 delay rules are tested on their own).
const minorArb = fc.integer({ min: 1, max: 99_999_999 }).filter((n) => n % 100 !== 68 && n % 100 !== 97);

describe("round trip property", () => {
  it("any valid card + amount gets a well-formed response matching the rules", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(panArb, expiryArb, minorArb, fc.constantFrom(...CURRENCIES), async (pan, expiry, minor, cur) => {
        n += 1;
        const terminal = new Terminal({
          terminalId: `PROP${String(n).padStart(4, "0")}`,
          merchantId: "PROPERTY",
          link,
          journal: new MemoryJournal(),
          responseTimeoutMs: 5000,
        });
        const at = new Date();
        const r = await terminal.sale(rawSwipe(pan, expiry), amountOf(minor, cur.alpha));
        terminal.close();
        const expected = decide(DEFAULT_RULES, { mti: "0200", amountMinor: minor, pan, expiry, now: at });
        const code = expected?.outcome.responseCode ?? "00";
        expect(r.responseCode).toBe(code);
        expect(Object.keys(RESPONSE_CODES)).toContain(r.responseCode);
        expect(r.status).toBe(code === "00" ? "approved" : "declined");
        expect(r.stan).toBe("000001");
        expect(r.rrn).toMatch(/^\d{12}$/);
        if (code === "00") expect(r.authCode).toMatch(/^[0-9A-Z]{6}$/);
        else expect(r.authCode).toBeUndefined();
        expect(r.maskedPan).toBe(`${pan.slice(0, 6)}${"*".repeat(pan.length - 10)}${pan.slice(-4)}`);
      }),
      { numRuns: 60 },
    );
  });
});

describe("simulator robustness", () => {
  it("AcquirerHost answers arbitrary field maps without throwing", async () => {
    const ledger = new SqliteLedger(":memory:");
    const host = new AcquirerHost({ ledger });
    const text = fc.string({ maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("0100", "0200", "0201", "0220", "0400", "0401", "0420", "0800", "0500"),
        fc.dictionary(fc.constantFrom("2", "3", "4", "7", "11", "14", "35", "41", "49", "90"), text),
        async (mti, dict) => {
          const fields: Record<number, string> = {};
          for (const [k, v] of Object.entries(dict)) fields[Number(k)] = v;
          const d = await host.handle({ mti, fields });
          if (d.kind === "respond") expect(d.response.fields[39]).toMatch(/^[0-9A-Z]{2}$/);
        },
      ),
      { numRuns: 300 },
    );
    await ledger.close();
  });

  it("garbage frames on the socket never crash the server: a later echo still works", async () => {
    const codec = wireCodec();
    const garbage = await fc.sample(fc.uint8Array({ minLength: 0, maxLength: 300 }), 40);
    await new Promise<void>((resolve, reject) => {
      const s = connect({ host: sim.host, port: sim.port }, () => {
        for (const g of garbage) s.write(codec.frame(g));
        s.end(() => resolve());
      });
      s.on("error", reject);
    });
    // Also: payload decode errors are CardwireErrors.
    for (const g of garbage) {
      try {
        codec.decode(g);
      } catch (e) {
        expect(isCardwireError(e)).toBe(true);
      }
    }
    const t = new Terminal({ terminalId: "ECHO0001", merchantId: "M", link, responseTimeoutMs: 5000 });
    expect((await t.echo()).status).toBe("approved");
    t.close();
  });
});
