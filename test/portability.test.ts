/**
 * The browser entry must build without Node built-ins (ARCHITECTURE.md,
 * "Rules of the house"). esbuild with platform "browser" cannot resolve
 * `node:*` modules, so any that becomes reachable from src/index.ts fails here.
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

describe("browser entry", () => {
  it("bundles for the browser with no Node built-ins reachable", async () => {
    const result = await build({
      entryPoints: ["src/index.ts"],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.startsWith("node:"))).toBe(false);
    expect(inputs.filter((p) => /src\/(crypto|terminal|acquirer|cli)\//.test(p))).toEqual([]);
    expect(inputs.filter((p) => p.endsWith(".node.ts"))).toEqual([]);
  });
});
