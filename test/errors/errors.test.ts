import { describe, expect, it } from "vitest";
import * as nodeEntry from "../../src/node.js";
import { CardwireError, errorCodes, errorFamily, registerErrorCode } from "../../src/errors/index.js";
import { BytesError, BytesErrorCodes } from "../../src/bytes/index.js";
import { AudioError, AudioErrorCodes } from "../../drivers/audio/errors.js";
import { ReaderError, ReaderErrorCodes } from "../../src/reader/errors.js";

describe("error grammar", () => {
  it("loads every module's error codes without a duplicate (registration throws on one)", () => {
    expect(nodeEntry).toBeDefined();
    const codes = [...errorCodes().keys()];
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]+(\.[a-z0-9_]+)+$/);
  });

  it("an error family from one table: its own name, codes by key, each code's category, codes registered", () => {
    const family = errorFamily("ProbeError", {
      bad: ["probe.bad", "protocol"],
      link: ["probe.link", "transport"],
    });
    class ProbeError extends family.Base {}
    expect(family.codes).toEqual({ bad: "probe.bad", link: "probe.link" });
    expect(Object.isFrozen(family.codes)).toBe(true);
    expect(errorCodes().get("probe.link")).toBe("ProbeError");
    const bad = new ProbeError(family.codes.bad, "bad frame at offset 3", { offset: 3 });
    const link = new ProbeError("probe.link", "socket closed");
    expect(bad).toBeInstanceOf(CardwireError);
    expect(bad).toBeInstanceOf(ProbeError);
    expect(bad.name).toBe("ProbeError");
    expect([bad.code, bad.category, bad.offset]).toEqual(["probe.bad", "protocol", 3]);
    expect([link.code, link.category]).toEqual(["probe.link", "transport"]);
    expect(() => errorFamily("OtherError", { again: ["probe.bad", "input"] })).toThrow(/registered twice/);
    // The shipped families keep their categories.
    expect(new ReaderError(ReaderErrorCodes.connect, "m").category).toBe("transport");
    expect(new AudioError(AudioErrorCodes.source, "m").category).toBe("transport");
    expect(new AudioError(AudioErrorCodes.wavEmpty, "m").category).toBe("input");
    expect(new AudioError(AudioErrorCodes.wavEmpty, "m").name).toBe("AudioError");
  });

  it("rejects the same code claimed by two owners", () => {
    registerErrorCode("test.unique_probe", "A");
    expect(() => registerErrorCode("test.unique_probe", "B")).toThrow(/registered twice/);
  });

  it("serializes code, category, coordinates and cause but never raw bytes", () => {
    const cause = new Error("inner");
    const e = new BytesError(BytesErrorCodes.bounds, "read past end at byte 9", {
      offset: 9,
      field: "DE 2",
      cause,
      raw: new Uint8Array([0x41, 0x42]),
    });
    expect(e).toBeInstanceOf(CardwireError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("BytesError");
    expect(e.raw).toEqual(new Uint8Array([0x41, 0x42]));
    const json = JSON.parse(JSON.stringify(e));
    expect(json).toEqual({
      name: "BytesError",
      code: "bytes.bounds",
      category: "input",
      message: "read past end at byte 9",
      field: "DE 2",
      offset: 9,
      cause: { name: "Error", message: "inner" },
    });
    expect(Object.keys(e)).not.toContain("raw");
  });
});
