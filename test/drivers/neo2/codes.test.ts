/** The three protocol families register their error codes next to the SDK's without a clash. */
import { describe, expect, it } from "vitest";
import * as magtek from "../../../drivers/magtek/index.js";
import * as neo2 from "../../../drivers/neo2/index.js";
import * as wedge from "../../../drivers/wedge/index.js";
import { errorCodes } from "../../../src/errors/index.js";
import * as nodeEntry from "../../../src/node.js";

describe("reader protocol error codes", () => {
  it("are registered, well-formed and owned by their family's class", () => {
    expect(nodeEntry).toBeDefined();
    const all = errorCodes();
    const families = [
      [neo2.Neo2ErrorCodes, "Neo2Error", "neo2."],
      [magtek.MagtekErrorCodes, "MagtekError", "magtek."],
      [wedge.WedgeErrorCodes, "WedgeError", "wedge."],
    ] as const;
    for (const [codes, owner, prefix] of families) {
      for (const code of Object.values(codes)) {
        expect(all.get(code), code).toBe(owner);
        expect(code.startsWith(prefix)).toBe(true);
        expect(code).toMatch(/^[a-z0-9]+(\.[a-z0-9_]+)+$/);
      }
    }
    const codes = [...all.keys()];
    expect(new Set(codes).size).toBe(codes.length);
  });
});
