/**
 * MagTek HID reports. The builders below place fields at READERS.md's byte
 * offsets typed out as literals, independently of `MAGTEK_LAYOUTS`, so a
 * wrong table entry fails here. Track data comes from the public test cards.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, latin1ToBytes, toHex } from "../../../src/bytes/index.js";
import { TEST_CARDS, testCard, testCardTracks } from "../../../src/card/index.js";
import { CardwireError } from "../../../src/errors/index.js";
import {
  decodeMagtekReport,
  MAGTEK_LAYOUTS,
  MAGTEK_REPORT_LENGTHS,
  MagtekError,
  type MagtekSwipe,
} from "../../../drivers/magtek/index.js";
import { expectNoFullPan } from "../../examples/run.js";

/** Clear 337: 0..2 status, 3..5 lengths, 6 encode type, tracks at 7, 117, 227 (110 bytes each). */
function clearReport(tracks: readonly (string | undefined)[], status: readonly number[] = [0, 0, 0]): Uint8Array {
  const r = new Uint8Array(337);
  const starts = [7, 117, 227];
  tracks.forEach((t, i) => {
    r[i] = status[i]!;
    if (t === undefined) return;
    r[3 + i] = t.length;
    r.set(latin1ToBytes(t), starts[i]!);
  });
  r[6] = 0; // encode type
  return r;
}

const KSN = fromHex("FFFF9876543210E00001");

/** Encrypted 887/856 at READERS.md offsets. */
function encryptedReport(length: 856 | 887, masked: readonly string[]): Uint8Array {
  const r = new Uint8Array(length);
  const enc = [fromHex("0011223344556677"), fromHex("8899AABBCCDDEEFF0011223344556677"), new Uint8Array(0)];
  [7, 119, 231].forEach((at, i) => {
    r[3 + i] = enc[i]!.length;
    r.set(enc[i]!, at);
  });
  r[6] = 0;
  r[343] = 0x00; // card status
  r.set(fromHex("00000001"), 344); // MagnePrint status
  r[348] = 3; // MagnePrint length
  r.set(fromHex("A1B2C3"), 349);
  r.set(latin1ToBytes("B123456"), 477); // serial, NUL padded to 16
  r.set(fromHex("0102"), 493); // encryption status
  r.set(KSN, 495);
  [508, 620, 732].forEach((at, i) => {
    const t = masked[i] ?? "";
    r[505 + i] = t.length;
    r.set(latin1ToBytes(t), at);
  });
  r.set(fromHex("1122334455667788"), 844); // session id
  r[852] = masked[0]?.length ?? 0;
  r[853] = masked[1]?.length ?? 0;
  r[854] = 0;
  r[855] = 3;
  return r;
}

/** What a person could see: masked tracks, statuses, an error message. */
function visible(s: MagtekSwipe): string {
  const card = s.kind === "clear" && !s.card.ok ? s.card.error.message + JSON.stringify(s.card.error) : "";
  return (
    JSON.stringify(s.tracks.map(({ track, decode, length, masked }) => ({ track, decode, length, masked }))) + card
  );
}

describe("MagTek clear 337-byte report", () => {
  it.each(TEST_CARDS.map((c) => [c.id, c] as const))("%s: tracks parse to the card, shown masked", (_id, card) => {
    const { track1, track2 } = testCardTracks(card);
    const s = decodeMagtekReport(clearReport([track1, track2, undefined]));
    expect(s.kind).toBe("clear");
    if (s.kind !== "clear") return;
    expect(s.layout).toBe("clear-337");
    expect(s.tracks.map((t) => t.decode)).toEqual(["ok", "ok", "empty"]);
    expect(s.tracks[1].length).toBe(track2.length);
    expect(s.card.ok && s.card.value.pan).toBe(card.pan);
    expect(s.tracks[1].masked).not.toContain(card.pan);
    expectNoFullPan(visible(s));
  });

  it("status bit 0 marks a track as not decoded; the card comes from the others", () => {
    const { track1, track2 } = testCardTracks(testCard("visa"));
    const s = decodeMagtekReport(clearReport([track1, track2, undefined], [0x01, 0x00, 0x00]));
    expect(s.tracks[0]).toEqual({ track: "track1", decode: "error", statusByte: 1, length: track1.length });
    expect(s.kind === "clear" && s.card.ok && s.card.value.track1).toBeUndefined();
  });

  it("no decodable track → a card.missing result, not a throw", () => {
    const s = decodeMagtekReport(clearReport([undefined, undefined, undefined], [1, 1, 1]));
    expect(s.kind === "clear" && !s.card.ok && s.card.error.code).toBe("card.missing");
  });

  it("a track length larger than its 110-byte field → magtek.field_length at the length byte", () => {
    const r = clearReport([undefined, undefined, undefined]);
    r[4] = 111; // T2 length byte is byte 4
    try {
      decodeMagtekReport(r);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MagtekError);
      expect((e as MagtekError).code).toBe("magtek.field_length");
      expect((e as MagtekError).offset).toBe(4);
    }
  });

  it("garbage track bytes give a typed card error with no track text in it", () => {
    const { track2 } = testCardTracks(testCard("visa"));
    const s = decodeMagtekReport(clearReport([undefined, `${track2.slice(0, 20)}\u00ff?`, undefined]));
    expect(s.kind === "clear" && !s.card.ok).toBe(true);
    expectNoFullPan(visible(s));
  });
});

describe("MagTek encrypted reports (887 and 856)", () => {
  const masked = ["%B4111110000001111^TEST/VISA^30121010000000000000?", ";4111110000001111=30120000000000000000?"];

  it.each([887, 856] as const)("%d bytes: ciphertext, KSN, status, serial, masked tracks", (length) => {
    const s = decodeMagtekReport(encryptedReport(length, masked));
    expect(s.kind).toBe("encrypted");
    if (s.kind !== "encrypted") return;
    expect(s.layout).toBe(`encrypted-${length}`);
    expect(toHex(s.tracks[0].encrypted)).toBe("0011223344556677");
    expect(s.tracks[1].encryptedLength).toBe(16);
    expect(s.tracks[2].decode).toBe("empty");
    expect(s.ksn).toEqual(KSN);
    expect(s.encryptionStatus).toBe(0x0102);
    expect(s.serial).toBe("B123456");
    expect(toHex(s.magnePrint.data)).toBe("A1B2C3");
    expect(toHex(s.magnePrint.status)).toBe("00000001");
    expect(toHex(s.sessionId)).toBe("1122334455667788");
    expect(s.tracks[1].absoluteLength).toBe(masked[1]!.length);
    // The reader's own masking is masked again (defence in depth): a malformed service code
    // "000" makes src/card's maskTrack fall back to hiding every long digit run.
    expect(s.tracks[1].masked).toHaveLength(masked[1]!.length);
    expect(s.tracks[1].masked).toMatch(/^;\*+1111=/);
  });

  it.each([
    { name: "encrypted T1 length 113", at: 3, value: 113 },
    { name: "masked T3 length 113", at: 507, value: 113 },
    { name: "MagnePrint length 129", at: 348, value: 129 },
  ])("$name → magtek.field_length at byte $at", ({ at, value }) => {
    const r = encryptedReport(887, masked);
    r[at] = value;
    expect(() => decodeMagtekReport(r)).toThrow(expect.objectContaining({ code: "magtek.field_length", offset: at }));
  });
});

describe("MagTek layouts and lengths", () => {
  it("the table knows 337, 856 and 887 and every field fits its report", () => {
    expect([...MAGTEK_REPORT_LENGTHS].sort()).toEqual([337, 856, 887]);
    for (const [length, layout] of MAGTEK_LAYOUTS) expect(layout.length).toBe(length);
  });

  it.each([0, 64, 336, 338, 855, 888])("a %d-byte report → magtek.report_length", (n) => {
    expect(() => decodeMagtekReport(new Uint8Array(n))).toThrow(
      expect.objectContaining({ code: "magtek.report_length", details: { length: n } }),
    );
  });

  it("does not touch its input and returns copies", () => {
    const r = encryptedReport(887, [";4111110000001111=3012?"]);
    const before = r.slice();
    const s = decodeMagtekReport(r);
    if (s.kind === "encrypted") s.ksn.fill(0);
    expect(r).toEqual(before);
  });
});

describe("MagTek fuzz", () => {
  it("random and mutated reports only ever throw typed errors", () => {
    const { track1, track2 } = testCardTracks(testCard("visa"));
    const seeds = [clearReport([track1, track2, "+123?"]), encryptedReport(887, [track1, track2])];
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      )
      .map(([seed, edits]) => {
        const b = seed.slice();
        for (const [i, v] of edits) b[i % b.length] = v;
        return b;
      });
    const sized = fc.constantFrom(337, 856, 887, 100).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
    fc.assert(
      fc.property(fc.oneof(mutated, sized), (report) => {
        try {
          const s = decodeMagtekReport(report);
          if (s.kind === "clear" && !s.card.ok) expect(s.card.error).toBeInstanceOf(CardwireError);
          expectNoFullPan(visible(s));
        } catch (e) {
          expect(e).toBeInstanceOf(CardwireError);
          expect((e as CardwireError).code).toMatch(/^magtek\./);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
