/**
 * Real payments cryptography end to end over the TCP simulator: chip ARQC →
 * ARPC, DUKPT-encrypted swipes, MACs; and scans of the SQLite journal and
 * ledger files for keys and full PANs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatedEmvCard } from "../../drivers/simulated/emv-card.node.js";
import { SimulatedReader } from "../../drivers/simulated/reader.js";
import { SimulatedSecureHead } from "../../drivers/simulated/secure-head.node.js";
import { SqliteLedger } from "../../src/acquirer/ledger-sqlite.node.js";
import { type RunningSimulator, startAcquirerSimulator } from "../../src/acquirer/server.node.js";
import { TEST_BDKS, TEST_ISSUER_KEYS, TEST_MAC_KEYS } from "../../src/acquirer/test-keys.js";
import { fromHex, toHex } from "../../src/bytes/index.js";
import { testCard } from "../../src/card/index.js";
import { decodeTlv, tlvMap } from "../../src/emv/index.js";
import type { IsoMessage } from "../../src/iso8583/index.js";
import type { ChipEvent, ReaderEvent } from "../../src/reader/index.js";
import { amountOf } from "../../src/terminal/amount.js";
import { TcpHostLink } from "../../src/terminal/host-link-tcp.node.js";
import { SqliteJournal } from "../../src/terminal/journal-sqlite.node.js";
import { retailMacProvider } from "../../src/terminal/mac.node.js";
import type { CardEvent } from "../../src/terminal/request.js";
import { Terminal } from "../../src/terminal/terminal.js";

const dir = mkdtempSync(join(tmpdir(), "cardwire-e2e-crypto-"));
let sim: RunningSimulator;
let ledger: SqliteLedger;
const links: TcpHostLink[] = [];
const journals: SqliteJournal[] = [];

beforeAll(async () => {
  ledger = new SqliteLedger(join(dir, "ledger.sqlite"));
  sim = await startAcquirerSimulator({ ledger });
});
afterAll(async () => {
  for (const l of links) await l.close();
  for (const j of journals) await j.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const imkOf = (id: string) => fromHex(TEST_ISSUER_KEYS.find((k) => k.id === id)!.imkAc);
const TEST_BDK = fromHex(TEST_BDKS[0].bdk);
const MAK = fromHex(TEST_MAC_KEYS[0].mak);
const OTHER_KEY = fromHex("00112233445566778899AABBCCDDEEFF");

let tids = 0;
function terminal(
  options: { terminalId?: string; mac?: ReturnType<typeof retailMacProvider>; timeoutMs?: number } = {},
) {
  const link = new TcpHostLink({ host: sim.host, port: sim.port, ...(options.mac && { mac: options.mac }) });
  links.push(link);
  const journal = new SqliteJournal(join(dir, `journal-${journals.length}.sqlite`));
  journals.push(journal);
  const t = new Terminal({
    terminalId: options.terminalId ?? `CRYPT${String(++tids).padStart(3, "0")}`,
    merchantId: "CRYPTO TESTS",
    link,
    journal,
    stanStore: journal,
    responseTimeoutMs: options.timeoutMs ?? 2000,
  });
  const sent: IsoMessage[] = [];
  const received: IsoMessage[] = [];
  t.onMessage((m) => (m.direction === "sent" ? sent : received).push(m.message));
  return { t, sent, received };
}

async function readerEvent(act: (r: SimulatedReader) => void): Promise<CardEvent> {
  const r = new SimulatedReader();
  await r.connect();
  const events: ReaderEvent[] = [];
  r.on("*", (e) => events.push(e));
  act(r);
  await r.disconnect();
  const card = events.find((e): e is CardEvent => e.type === "swipe" || e.type === "chip");
  if (!card) throw new Error(`no card event: ${events.map((e) => e.type).join(",")}`);
  return card;
}

const chipCard = (id: string, issuer: string, imk = imkOf(issuer)) => {
  const c = testCard(id);
  const profile = TEST_ISSUER_KEYS.find((k) => k.id === issuer)!.profile;
  return new SimulatedEmvCard({ card: c, issuerMasterKey: imk, profile, panSequenceNumber: "01" });
};
const insert = (card: SimulatedEmvCard, minor: number) =>
  readerEvent((r) => {
    r.insert(card, { amountMinor: minor, currency: "840" });
  });

describe("chip: ARQC verified by the simulator, ARPC back to the card", () => {
  it.each([
    ["visa-chip", "visa-chip-test", "emv-minimum"],
    ["visa", "visa-cvn10-test", "visa-cvn10"],
    ["mastercard", "mastercard-test", "emv-minimum"],
  ])("%s (%s, %s): approved, DE 22 05x, DE 55 built, tag 91 verifies on the card", async (id, issuer) => {
    const card = chipCard(id, issuer);
    const { t, sent, received } = terminal();
    const event = await insert(card, 1234);
    const r = await t.sale(event, amountOf(1234, "USD"));
    expect(r.status).toBe("approved");
    expect(sent[0]?.fields[22]).toBe("052");
    const de55 = tlvMap(decodeTlv(sent[0]?.fields[55] as Uint8Array));
    expect(de55.has(0x9f26) && de55.has(0x9f36) && de55.has(0x5f34)).toBe(true);
    expect(de55.has(0x5a) || de55.has(0x57)).toBe(false);
    expect(received[0]?.fields[55]).toBeInstanceOf(Uint8Array);
    expect(r.issuerAuthenticationData).toHaveLength(10);
    expect(card.externalAuthenticate(r.issuerAuthenticationData!, "00")).toBe(true);
    // The ARC is bound into the ARPC: the same tag 91 does not pass as a decline.
    expect(card.externalAuthenticate(r.issuerAuthenticationData!, "05")).toBe(false);
  });

  it("the ATC advances per transaction and each ARQC verifies", async () => {
    const card = chipCard("visa-chip", "visa-chip-test");
    const { t } = terminal();
    for (const minor of [100, 200, 300]) {
      const r = await t.sale(await insert(card, minor), amountOf(minor, "USD"));
      expect(r.status).toBe("approved");
      expect(card.externalAuthenticate(r.issuerAuthenticationData!, "00")).toBe(true);
    }
    expect(card.atc).toBe(4);
  });

  it("a rule decline with a good ARQC still gets an ARPC, with ARC = the decline code", async () => {
    const card = chipCard("visa-chip", "visa-chip-test");
    const r = await terminal().t.sale(await insert(card, 2051), amountOf(2051, "USD"));
    expect(r.status).toBe("declined");
    expect(r.responseCode).toBe("51");
    expect(card.externalAuthenticate(r.issuerAuthenticationData!, "51")).toBe(true);
  });

  it("a tampered ARQC → 82, no tag 91, ledger row declined", async () => {
    const event = (await insert(chipCard("visa-chip", "visa-chip-test"), 1500)) as ChipEvent;
    const tlv = event.tlv.slice();
    const at = toHex(tlv).indexOf("9F2608") / 2 + 3;
    tlv[at] = (tlv[at] as number) ^ 0x01;
    const { t } = terminal();
    const r = await t.sale({ ...event, tlv }, amountOf(1500, "USD"));
    expect(r.status).toBe("declined");
    expect(r.responseCode).toBe("82");
    expect(r.issuerAuthenticationData).toBeUndefined();
    const row = (await ledger.all()).find((x) => x.terminalId === t.identity.terminalId);
    expect(row?.state).toBe("declined");
  });

  it("a card personalised under another issuer key → 82; amount tampering after the ARQC → 82", async () => {
    const rogue = chipCard("mastercard", "mastercard-test", OTHER_KEY);
    const a = await terminal().t.sale(await insert(rogue, 1000), amountOf(1000, "USD"));
    expect(a.responseCode).toBe("82");
    // 9F02 changed after the card computed the ARQC over it.
    const event = (await insert(chipCard("visa-chip", "visa-chip-test"), 1000)) as ChipEvent;
    const tlv = event.tlv.slice();
    const at = toHex(tlv).indexOf("9F0206") / 2 + 3 + 4;
    tlv[at] = 0x99;
    const b = await terminal().t.sale({ ...event, tlv }, amountOf(1000, "USD"));
    expect(b.responseCode).toBe("82");
  });
});

describe("DUKPT-encrypted swipes: DE 48 ciphertext + KSN, decrypted by the simulator's BDK", () => {
  it.each(["idtech", "magtek"] as const)("%s head: approved; no clear PAN or track on the wire", async (family) => {
    const head = new SimulatedSecureHead({ bdk: TEST_BDK, family });
    const event = await readerEvent((r) => {
      r.swipeSecure(head, testCard("visa"));
    });
    expect(event.card).toBeUndefined();
    const { t, sent } = terminal();
    const r = await t.sale(event, amountOf(777, "USD"));
    expect(r.status).toBe("approved");
    expect(r.maskedPan).toBe("411111******1111");
    const req = sent[0]!;
    expect(req.fields[2] ?? req.fields[35] ?? req.fields[45] ?? req.fields[14]).toBeUndefined();
    expect(req.fields[48]).toMatch(new RegExp(`^01010TDES-DUKPT02\\d{3}(PIN|DATA)03020${head.ksn}04\\d{3}[0-9A-F]+`));
    const row = (await ledger.all()).find((x) => x.terminalId === t.identity.terminalId);
    expect(row?.maskedPan).toBe("411111******1111");
  });

  it("the simulator applies its rules to the decrypted card (expired → 54, Luhn-valid decline BIN → 05)", async () => {
    const head = new SimulatedSecureHead({ bdk: TEST_BDK });
    const { t } = terminal();
    for (const [id, code] of [
      ["visa-expired", "54"],
      ["mastercard", "00"],
    ] as const) {
      const event = await readerEvent((r) => {
        r.swipeSecure(head, testCard(id));
      });
      expect((await t.sale(event, amountOf(500, "USD"))).responseCode).toBe(code);
    }
  });

  it("a head injected from another BDK → 30 format error (status error), nothing posted", async () => {
    const head = new SimulatedSecureHead({ bdk: OTHER_KEY });
    const event = await readerEvent((r) => {
      r.swipeSecure(head, testCard("visa"));
    });
    const { t } = terminal();
    const r = await t.sale(event, amountOf(900, "USD"));
    expect(r.status).toBe("error");
    expect(r.responseCode).toBe("30");
    const rows = (await ledger.all()).filter((x) => x.terminalId === t.identity.terminalId);
    expect(rows.map((x) => x.state)).toEqual(["declined"]);
    expect(rows[0]?.maskedPan).toBeNull();
  });

  it("a KSN from an unknown key set → 30", async () => {
    const head = new SimulatedSecureHead({ bdk: TEST_BDK, initialKsn: "0102030405060708E000" });
    const event = await readerEvent((r) => {
      r.swipeSecure(head, testCard("visa"));
    });
    expect((await terminal().t.sale(event, amountOf(900, "USD"))).responseCode).toBe("30");
  });
});

describe("MAC (DE 64/128, X9.19 retail MAC under the terminal's MAK)", () => {
  const tid = TEST_MAC_KEYS[0].terminalId;

  it("a MACing terminal is approved; answers carry a MAC (DE 64, or DE 128 for the void's 0410)", async () => {
    const { t, received } = terminal({ terminalId: tid, mac: retailMacProvider(MAK) });
    const event = await readerEvent((r) => {
      r.swipe(testCard("visa"));
    });
    const r = await t.sale(event, amountOf(4200, "USD"));
    expect(r.status).toBe("approved");
    expect(received[0]?.fields[64]).toHaveLength(8);
    const v = await t.void(r);
    expect(v.status).toBe("approved");
    expect(received[1]?.mti).toBe("0410");
    expect(received[1]?.fields[128]).toHaveLength(8);
    expect(received[1]?.fields[64]).toBeUndefined();
  });

  it("the wrong MAK → the host answers 63 and processes nothing; its answer fails our MAC check", async () => {
    const { t, received } = terminal({ terminalId: tid, mac: retailMacProvider(OTHER_KEY) });
    const before = (await ledger.all()).length;
    const event = await readerEvent((r) => {
      r.swipe(testCard("visa"));
    });
    const r = await t.sale(event, amountOf(4300, "USD"));
    expect(received[0]?.fields[39]).toBe("63");
    // The 63 is MACed under the host's MAK, which is not ours: unauthenticated → error + reversal.
    expect(r.status).toBe("error");
    expect(r.error?.code).toBe("terminal.mac");
    expect((await ledger.all()).length).toBe(before);
  });

  it("no MAC at all from a MAC terminal → 63 (declined, answer MACed)", async () => {
    const { t } = terminal({ terminalId: tid });
    const event = await readerEvent((r) => {
      r.swipe(testCard("visa"));
    });
    const r = await t.sale(event, amountOf(4400, "USD"));
    expect(r.status).toBe("declined");
    expect(r.responseCode).toBe("63");
  });

  it("a bad response MAC → error result terminal.mac and an automatic reversal", async () => {
    const own = await startAcquirerSimulator({
      ledgerPath: ":memory:",
      // Verifies requests with the right MAK but signs answers with another key.
      macKeys: (t) =>
        t === "BADRESP1"
          ? { algorithm: "split", sign: retailMacProvider(OTHER_KEY).sign, verify: retailMacProvider(MAK).verify }
          : undefined,
    });
    try {
      const link = new TcpHostLink({ host: own.host, port: own.port, mac: retailMacProvider(MAK) });
      links.push(link);
      const t = new Terminal({ terminalId: "BADRESP1", merchantId: "M", link, responseTimeoutMs: 2000 });
      const event = await readerEvent((r) => {
        r.swipe(testCard("visa"));
      });
      const r = await t.sale(event, amountOf(4500, "USD"));
      expect(r.status).toBe("error");
      expect(r.error?.code).toBe("terminal.mac");
      expect(r.reversal?.status).toBe("unconfirmed"); // every 0410 is unauthenticated too
      const rows = await (own.ledger as SqliteLedger).all();
      expect(rows[0]?.state).toBe("reversed");
      expect((await t.journal.list({ event: "reversal_unconfirmed" })).length).toBe(1);
    } finally {
      await own.close();
    }
  });
});

describe("no key, PIN or full PAN in the SQLite files", () => {
  it("journal and ledger bytes contain no test PAN and no key (hex or raw)", async () => {
    for (const l of links) await l.close();
    for (const j of journals) await j.close();
    journals.length = 0;
    await (sim.ledger as SqliteLedger).all(); // still open: WAL content is scanned below too
    const files = readdirSync(dir).map((f) => join(dir, f));
    expect(files.some((f) => f.includes("journal"))).toBe(true);
    const secrets = [
      ...TEST_ISSUER_KEYS.map((k) => k.imkAc),
      ...TEST_BDKS.map((k) => k.bdk),
      ...TEST_MAC_KEYS.map((k) => k.mak),
      toHex(OTHER_KEY),
    ];
    const pans = ["4000056655665556", "4111111111111111", "5555555555554444"];
    for (const f of files) {
      const bytes = readFileSync(f);
      const text = bytes.toString("latin1");
      for (const p of pans) expect(text, `${f} holds a full PAN`).not.toContain(p);
      for (const k of secrets) {
        expect(text.toUpperCase(), `${f} holds a key as hex`).not.toContain(k);
        expect(bytes.includes(Buffer.from(k, "hex")), `${f} holds a key as bytes`).toBe(false);
      }
    }
  });
});
