import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/bytes/index.js";
import {
  adjustOddParity,
  aesDukptDecrypt,
  aesDukptEncrypt,
  aesDukptInitialKey,
  aesDukptTransactionKey,
  aesKsn,
  aesKsnCounter,
  aesNextCounter,
  CryptoError,
  cbcEncrypt,
  cmac,
  decodeIso4PinField,
  decodePinBlockIso0,
  decryptPinBlockIso0,
  decryptPinBlockIso4,
  deriveIccMasterKeyOptionA,
  encodePinBlockIso0,
  encryptPinBlockIso0,
  encryptPinBlockIso4,
  generateArpcMethod1,
  generateArqc,
  hasOddParity,
  iso4PinField,
  iso9797Pad,
  Key,
  kcv,
  macAlgorithm1,
  macAlgorithm3,
  stripZeroPadding,
  tdesDukptDecrypt,
  tdesDukptEncrypt,
  tdesIpek,
  tdesKsnCounter,
  tdesKsnWithCounter,
  tdesNextCounter,
  tdesTransactionKey,
  verifyArqc,
} from "../../src/crypto/index.js";

const BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const KSN = fromHex("FFFF9876543210E00001");
const AES_BDK = fromHex("FEDCBA9876543210F1F1F1F1F1F1F1F1");
const IKID = fromHex("1234567890123456");

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CryptoError) return e.code;
    throw e;
  }
  throw new Error("expected a CryptoError");
}

describe("input checks are loud and typed", () => {
  it.each([
    ["BDK of 8 bytes", () => tdesIpek(BDK.subarray(0, 8), KSN), "crypto.key_length"],
    ["BDK of 24 bytes", () => tdesIpek(new Uint8Array(24), KSN), "crypto.key_length"],
    ["KSN of 8 bytes", () => tdesIpek(BDK, KSN.subarray(0, 8)), "crypto.ksn"],
    ["counter 0", () => tdesTransactionKey(tdesIpek(BDK, KSN), fromHex("FFFF9876543210E00000")), "crypto.counter"],
    [
      "counter with 11 one-bits",
      () => tdesTransactionKey(tdesIpek(BDK, KSN), tdesKsnWithCounter(KSN, 0x7ff)),
      "crypto.counter",
    ],
    ["counter above 21 bits", () => tdesKsnWithCounter(KSN, 1 << 21), "crypto.counter"],
    ["AES KSN of 10 bytes", () => aesDukptTransactionKey(new Uint8Array(16), KSN), "crypto.ksn"],
    [
      "AES counter with 17 one-bits",
      () => aesDukptTransactionKey(new Uint8Array(16), aesKsn(IKID, 0x1ffff)),
      "crypto.counter",
    ],
    ["AES counter 0", () => aesDukptTransactionKey(new Uint8Array(16), aesKsn(IKID, 0)), "crypto.counter"],
    ["AES BDK of 20 bytes", () => aesDukptInitialKey(new Uint8Array(20), IKID), "crypto.key_length"],
    ["3-digit PIN", () => encodePinBlockIso0("123", "4012345678909"), "crypto.pin"],
    ["13-digit PIN", () => encodePinBlockIso0("1234567890123", "4012345678909"), "crypto.pin"],
    ["non-digit PAN", () => encodePinBlockIso0("1234", "40123456789X9"), "crypto.pan"],
    ["7-digit PAN", () => encodePinBlockIso0("1234", "4012345"), "crypto.pan"],
    [
      "CBC data not block aligned",
      () => cbcEncrypt("tdes", BDK, new Uint8Array(8), new Uint8Array(7)),
      "crypto.block_length",
    ],
    [
      "CBC IV of the wrong size",
      () => cbcEncrypt("aes", AES_BDK, new Uint8Array(8), new Uint8Array(16)),
      "crypto.argument",
    ],
    ["padding method 4", () => iso9797Pad(new Uint8Array(1), 4 as 1), "crypto.argument"],
    ["MAC of 3 bytes", () => macAlgorithm1(BDK, new Uint8Array(8), { length: 3 }), "crypto.argument"],
    [
      "retail MAC with a single-length key",
      () => macAlgorithm3(BDK.subarray(0, 8), new Uint8Array(8)),
      "crypto.key_length",
    ],
    ["ARC of 1 byte", () => generateArpcMethod1(BDK, new Uint8Array(8), new Uint8Array(1)), "crypto.argument"],
    ["PSN of 1 digit", () => deriveIccMasterKeyOptionA(BDK, "1234567890123456", "1"), "crypto.argument"],
  ] as const)("rejects %s", (_name, f, code) => {
    expect(codeOf(f)).toBe(code);
  });

  it("errors never carry key or PIN material", () => {
    const pin = "9876";
    for (const f of [
      () => decryptPinBlockIso0(BDK, fromHex("1B9C1845EB993A7A"), "4012345678909"),
      () => encodePinBlockIso0(`${pin}X`, "4012345678909"),
      () => tdesIpek(BDK.subarray(0, 15), KSN),
    ]) {
      try {
        f();
      } catch (e) {
        const text = `${String(e)} ${JSON.stringify(e)}`;
        expect(text).not.toContain(pin);
        expect(text).not.toContain(toHex(BDK).slice(0, 8));
        expect(text).not.toContain("0123456789ABCDEF");
      }
    }
  });
});

describe("DUKPT counters", () => {
  it("skip values with more than 10 (TDES) or 16 (AES) one-bits", () => {
    expect(tdesNextCounter(0x3fe)).toBe(0x3ff);
    expect(tdesNextCounter(0x3ff)).toBe(0x400);
    expect(tdesNextCounter(0xffc00 - 1)).toBe(0xffc00);
    expect(tdesNextCounter(0x1ff000)).toBe(0x1ff001);
    // 0x1FF800 (the top ten bits) is the last valid counter: the device must stop.
    expect(tdesNextCounter(0x1ff7ff)).toBe(0x1ff800);
    expect(codeOf(() => tdesNextCounter(0x1ff800))).toBe("crypto.counter");
    expect(aesNextCounter(0xfffe)).toBe(0xffff);
    expect(aesNextCounter(0xffff)).toBe(0x10000);
  });
  it("read and write KSN counters", () => {
    expect(tdesKsnCounter(fromHex("FFFF9876543210EFF800"))).toBe(0xff800);
    expect(toHex(tdesKsnWithCounter(KSN, 0x1fffff))).toBe("FFFF9876543210FFFFFF");
    expect(aesKsnCounter(aesKsn(IKID, 0xfffe8000))).toBe(0xfffe8000);
  });
  it("every valid TDES counter walk is consistent: next counters never go backwards and stay valid", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x1ff7ff }), (c) => {
        const n = tdesNextCounter(c);
        expect(n).toBeGreaterThan(c);
        let ones = 0;
        for (let x = n; x; x &= x - 1) ones++;
        expect(ones).toBeLessThanOrEqual(10);
      }),
    );
  });
});

const pinArb = fc.stringMatching(/^\d{4,12}$/);
const panArb = fc.stringMatching(/^\d{13,19}$/);

describe("round trips (properties)", () => {
  it("TDES DUKPT encrypt → decrypt for any data, counter and variant", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 0x1fffff }).filter((c) => {
          let n = 0;
          for (let x = c; x; x &= x - 1) n++;
          return n <= 10;
        }),
        fc.uint8Array({ minLength: 1, maxLength: 80 }).map((b) => b.map((x) => x | 1)),
        fc.constantFrom("pin", "data-request", "data-response", "mac-request", "mac-response" as const),
        (bdk, counter, data, variant) => {
          const ksn = tdesKsnWithCounter(KSN, counter);
          const ct = tdesDukptEncrypt(bdk, ksn, data, { variant });
          expect(ct.length % 8).toBe(0);
          expect(stripZeroPadding(tdesDukptDecrypt(bdk, ksn, ct, { variant }))).toEqual(data);
        },
      ),
      { numRuns: 60 },
    );
  });
  it("AES DUKPT encrypt → decrypt for any data and direction", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 32),
        fc.integer({ min: 1, max: 0xffff }),
        fc.uint8Array({ minLength: 1, maxLength: 80 }).map((b) => b.map((x) => x | 1)),
        fc.constantFrom("request" as const, "response" as const),
        (len, counter, data, direction) => {
          const ik = aesDukptInitialKey(new Uint8Array(len).fill(7), IKID);
          const ksn = aesKsn(IKID, counter);
          const ct = aesDukptEncrypt(ik, ksn, data, { direction });
          expect(stripZeroPadding(aesDukptDecrypt(ik, ksn, ct, { direction }))).toEqual(data);
        },
      ),
      { numRuns: 40 },
    );
  });
  it("ISO 0 PIN block format → parse, clear and under TDES", () => {
    fc.assert(
      fc.property(pinArb, panArb, fc.uint8Array({ minLength: 16, maxLength: 16 }), (pin, pan, key) => {
        expect(decodePinBlockIso0(encodePinBlockIso0(pin, pan), pan)).toBe(pin);
        expect(decryptPinBlockIso0(key, encryptPinBlockIso0(key, pin, pan), pan)).toBe(pin);
      }),
    );
  });
  it("ISO 4 PIN block format → parse under AES-128/256 with random fill", () => {
    fc.assert(
      fc.property(pinArb, fc.stringMatching(/^\d{1,19}$/), fc.constantFrom(16, 24, 32), (pin, pan, len) => {
        const key = new Uint8Array(len).fill(0x5a);
        const a = encryptPinBlockIso4(key, pin, pan);
        expect(decryptPinBlockIso4(key, a, pan)).toBe(pin);
        expect(decodeIso4PinField(iso4PinField(pin))).toBe(pin);
      }),
      { numRuns: 60 },
    );
  });
  it("ISO 0 zero-fills the PAN field of PANs shorter than 13 digits", () => {
    expect(toHex(encodePinBlockIso0("1234", "123456789012"))).toBe(toHex(encodePinBlockIso0("1234", "0123456789012")));
  });
  it("a wrong PAN does not silently yield a PIN for format 4", () => {
    const key = new Uint8Array(16).fill(1);
    const block = encryptPinBlockIso4(key, "1234", "4111111111111111", new Uint8Array(8));
    expect(codeOf(() => decryptPinBlockIso4(key, block, "4111111111111112"))).toBe("crypto.pin_block");
  });
  it("ARQC verifies only for the data it covers", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.nat(),
        (sk, data, flip) => {
          const arqc = generateArqc(sk, data);
          expect(verifyArqc(sk, data, arqc)).toBe(true);
          const bad = arqc.slice();
          bad[flip % 8] = (bad[flip % 8] as number) ^ 1;
          expect(verifyArqc(sk, data, bad)).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("building blocks", () => {
  it("ISO 9797-1 padding methods", () => {
    expect(toHex(iso9797Pad(fromHex("AA"), 1))).toBe("AA00000000000000");
    expect(toHex(iso9797Pad(fromHex("AABBCCDDEEFF0011"), 2))).toBe("AABBCCDDEEFF00118000000000000000");
    expect(toHex(iso9797Pad(fromHex("AA"), 3))).toBe("0000000000000008AA00000000000000");
    expect(toHex(iso9797Pad(new Uint8Array(0), 1))).toBe("0000000000000000");
  });
  it("odd parity", () => {
    const k = adjustOddParity(fromHex("0022446688AACCEE"));
    expect(toHex(k)).toBe("0123456789ABCDEF");
    expect(hasOddParity(k)).toBe(true);
    expect(hasOddParity(fromHex("00"))).toBe(false);
  });
  it("KCV: TDES encrypt-zeros, AES CMAC of zeros", () => {
    expect(toHex(kcv("tdes", BDK))).toBe("08D7B4");
    expect(kcv("aes", AES_BDK, { method: "cmac" })).toEqual(cmac("aes", AES_BDK, new Uint8Array(16)).slice(0, 3));
  });
});

describe("Key wrapper", () => {
  it("prints only the KCV, never the key", () => {
    const key = new Key("tdes", BDK);
    const shown = [String(key), JSON.stringify({ key }), inspect(key), inspect({ nested: key }), `${key}`];
    for (const s of shown) {
      expect(s).toContain("08D7B4");
      expect(s.toUpperCase()).not.toContain("0123456789ABCDEF");
      expect(s).not.toMatch(/1,\s*35,\s*69/);
    }
    expect(Object.keys(key)).toEqual(["algorithm"]);
  });
  it("is usable by every API taking a key, and is wiped by destroy()", () => {
    const key = Key.fromHex("tdes", "0123456789ABCDEFFEDCBA9876543210");
    expect(tdesIpek(key, KSN)).toEqual(tdesIpek(BDK, KSN));
    const exported = key.export();
    let seen: Uint8Array | undefined;
    key.use((b) => {
      seen = b;
    });
    key.destroy();
    expect(seen).toEqual(new Uint8Array(16));
    expect(exported).toEqual(BDK);
    expect(codeOf(() => tdesIpek(key, KSN))).toBe("crypto.key_destroyed");
    expect(String(key)).toContain("destroyed");
  });
  it("copies its input, so the caller may wipe its own buffer", () => {
    const raw = BDK.slice();
    const key = new Key("tdes", raw);
    raw.fill(0);
    expect(key.export()).toEqual(BDK);
  });
});
