import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AcquirerHost, randomAuthCode } from "../../src/acquirer/host.js";
import { SqliteLedger } from "../../src/acquirer/ledger-sqlite.node.js";
import type { IsoMessage } from "../../src/iso8583/index.js";
import { amountOf } from "../../src/terminal/amount.js";
import {
  buildCardRequest,
  buildCompletion,
  buildEcho,
  buildReversal,
  type OriginalRef,
} from "../../src/terminal/request.js";
import { cardFromTracks, testCard, testCardTracks } from "../../src/card/index.js";
import { IDENTITY, rawSwipe, swipeOf } from "../terminal/fixtures.js";

const now = new Date(Date.UTC(2025, 5, 15, 12, 0, 0));
let ledger: SqliteLedger;
let host: AcquirerHost;
let stan = 0;
let codes = 0;

beforeEach(() => {
  ledger = new SqliteLedger(":memory:");
  codes = 0;
  host = new AcquirerHost({ ledger, clock: () => now, authCode: () => `AUTH${String(++codes).padStart(2, "0")}` });
});
afterEach(async () => {
  await ledger.close();
});

const stamp = () => ({ stan: ++stan, at: now, offsetMinutes: 0 });
const sale = (minor: number, card = swipeOf("visa")) =>
  buildCardRequest("sale", card, amountOf(minor, "USD"), IDENTITY, stamp());
const refOf = (req: IsoMessage, authCode?: string): OriginalRef => ({
  mti: req.mti,
  stan: req.fields[11] as string,
  transmissionDateTime: req.fields[7] as string,
  rrn: req.fields[37] as string,
  processingCode: req.fields[3] as string,
  amount: amountOf(Number(req.fields[4]), "USD"),
  ...(authCode !== undefined && { authCode }),
});

async function respond(req: IsoMessage): Promise<IsoMessage> {
  const d = await host.handle(req);
  if (d.kind !== "respond") throw new Error(`expected a response, got ${d.kind}`);
  return d.response;
}

describe("AcquirerHost", () => {
  it("approves a plain sale with an auth code, echoes the keys, posts it", async () => {
    const req = sale(1234);
    const res = await respond(req);
    expect(res.mti).toBe("0210");
    expect(res.fields[39]).toBe("00");
    expect(res.fields[38]).toBe("AUTH01");
    for (const de of [3, 4, 7, 11, 37, 41, 42, 49]) expect(res.fields[de]).toBe(req.fields[de]);
    expect(res.fields[2]).toBeUndefined();
    expect(res.fields[35]).toBeUndefined();
    const rows = await ledger.all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "sale", state: "posted", maskedPan: "411111******1111", amountMinor: 1234 });
  });

  it.each([
    [105, "05"],
    [2051, "51"],
    [54, "54"],
    [991, "91"],
  ])("declines amount %i with %s and posts nothing", async (minor, code) => {
    const res = await respond(sale(minor));
    expect(res.fields[39]).toBe(code);
    expect(res.fields[38]).toBeUndefined();
    expect((await ledger.all())[0]?.state).toBe("declined");
    expect(await ledger.totals()).toEqual([]);
  });

  it("Luhn failure → 14, expired card → 54", async () => {
    expect((await respond(sale(100, rawSwipe("4111111111111112")))).fields[39]).toBe("14");
    expect((await respond(sale(100, swipeOf("visa-expired")))).fields[39]).toBe("54");
  });

  it("withholds the response for the no-response rule but posts the sale", async () => {
    const d = await host.handle(sale(1068));
    expect(d.kind).toBe("silent");
    expect((await ledger.all())[0]?.state).toBe("posted");
  });

  it("answers a duplicate (DE 41 + DE 11 + DE 7) with the original response and posts once", async () => {
    const req = sale(1000);
    const first = await respond(req);
    const second = await respond({ mti: "0201", fields: req.fields });
    expect(second).toEqual(first);
    expect(await ledger.all()).toHaveLength(1);
    expect((await ledger.totals())[0]).toMatchObject({ salesCount: 1, salesMinor: 1000 });
  });

  it("does not treat the same STAN with another DE 7 as a duplicate, nor after the window", async () => {
    const req = sale(1000);
    await respond(req);
    await respond({ ...req, fields: { ...req.fields, 7: "0615120001" } });
    expect(await ledger.all()).toHaveLength(2);
    let t = now.getTime();
    const h = new AcquirerHost({ ledger, clock: () => new Date(t), duplicateWindowMs: 1000 });
    const other = sale(500);
    await h.handle(other);
    t += 1001;
    await h.handle(other);
    expect(await ledger.all()).toHaveLength(4);
  });

  it("reversal by DE 90 reverses the ledger entry and settlement drops it", async () => {
    const req = sale(2500);
    const res = await respond(req);
    await respond(sale(700));
    const rev = buildReversal(refOf(req, res.fields[38] as string), IDENTITY, stamp());
    const rres = await respond(rev);
    expect(rres.mti).toBe("0410");
    expect(rres.fields[39]).toBe("00");
    const rows = await ledger.all();
    expect(rows[0]?.state).toBe("reversed");
    expect(rows[2]).toMatchObject({ kind: "reversal", state: "applied", originalId: rows[0]?.id });
    expect(await ledger.totals("TERM0001")).toEqual([
      {
        terminalId: "TERM0001",
        currency: "840",
        salesCount: 1,
        salesMinor: 700,
        refundsCount: 0,
        refundsMinor: 0,
        netMinor: 700,
      },
    ]);
    // A repeat of the reversal (0401, same DE 11 + DE 7) is a duplicate: same answer, nothing changes.
    expect(await respond({ mti: "0401", fields: rev.fields })).toEqual(rres);
    expect(await ledger.all()).toHaveLength(3);
  });

  it("reversal without DE 90 finds the original by DE 11 + DE 41", async () => {
    const req = sale(300);
    await respond(req);
    const { 90: _omit, ...fields } = { ...req.fields, 7: "0615120500" } as Record<number, string>;
    await respond({ mti: "0400", fields });
    expect((await ledger.all())[0]?.state).toBe("reversed");
  });

  it("an unmatched reversal is approved and recorded with no original", async () => {
    const ghost = refOf(sale(400));
    const res = await respond(buildReversal(ghost, IDENTITY, stamp()));
    expect(res.fields[39]).toBe("00");
    const rows = await ledger.all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "reversal", originalId: null });
  });

  it("preauth holds, completion posts the final amount, a second completion is refused", async () => {
    const pre = buildCardRequest("preauth", swipeOf("visa"), amountOf(5000, "USD"), IDENTITY, stamp());
    const pres = await respond(pre);
    expect(pres.mti).toBe("0110");
    expect(await ledger.totals()).toEqual([]);
    const ref = refOf(pre, pres.fields[38] as string);
    const comp = await respond(buildCompletion(ref, amountOf(4200, "USD"), IDENTITY, stamp()));
    expect(comp.mti).toBe("0230");
    expect(comp.fields[39]).toBe("00");
    expect((await ledger.totals())[0]).toMatchObject({ salesCount: 1, salesMinor: 4200 });
    const again = await respond(buildCompletion(ref, amountOf(4200, "USD"), IDENTITY, stamp()));
    expect(again.fields[39]).toBe("25");
  });

  it("refunds count separately in settlement", async () => {
    await respond(sale(1000));
    await respond(buildCardRequest("refund", swipeOf("visa"), amountOf(250, "USD"), IDENTITY, stamp()));
    expect((await ledger.totals())[0]).toMatchObject({
      salesMinor: 1000,
      refundsCount: 1,
      refundsMinor: 250,
      netMinor: 750,
    });
  });

  it("0800 echo → 0810 00; missing mandatory fields → 30; unknown MTI → 12", async () => {
    const echo = await respond(buildEcho(IDENTITY, stamp()));
    expect(echo).toMatchObject({ mti: "0810", fields: { 39: "00", 70: "301" } });
    expect((await respond({ mti: "0200", fields: { 11: "000001" } })).fields[39]).toBe("30");
    const req = sale(100);
    expect(await respond({ mti: "0600", fields: req.fields })).toMatchObject({ mti: "0610", fields: { 39: "12" } });
  });

  it("a Track-1-only swipe without DE 2 (includePan: false) is judged on the PAN and expiry in DE 45", async () => {
    const track1Only = (id: string) => {
      const { track1 } = testCardTracks(testCard(id));
      return { type: "swipe" as const, readerId: "t1", at: 0, tracks: { track1 }, card: cardFromTracks({ track1 }) };
    };
    const build = (id: string, minor: number) =>
      buildCardRequest("sale", track1Only(id), amountOf(minor, "USD"), IDENTITY, stamp(), { includePan: false });
    const ok = build("amex", 1000);
    expect(ok.fields[2]).toBeUndefined();
    expect(ok.fields[35]).toBeUndefined();
    expect((await respond(ok)).fields[39]).toBe("00");
    // Expiry read from DE 45: the expired test card is declined 54, not approved for lack of an expiry.
    expect((await respond(build("visa-expired", 1000))).fields[39]).toBe("54");
    const rows = await ledger.all();
    expect(rows.map((r) => r.maskedPan)).toEqual(["378282*****0005", "411111******1111"]);
  });

  it("random auth codes are 6 characters 0-9A-Z", () => {
    for (let i = 0; i < 50; i++) expect(randomAuthCode()).toMatch(/^[0-9A-Z]{6}$/);
  });
});
