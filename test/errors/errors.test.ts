import { describe, expect, it } from "vitest";
import * as nodeEntry from "../../src/node.js";
import { CardwireError, errorCodes, registerErrorCode } from "../../src/errors/index.js";
import { BytesError, BytesErrorCodes } from "../../src/bytes/index.js";

describe("error grammar", () => {
  it("loads every module's error codes without a duplicate (registration throws on one)", () => {
    expect(nodeEntry).toBeDefined();
    const codes = [...errorCodes().keys()];
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]+(\.[a-z0-9_]+)+$/);
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
