/**
 * The package as a consumer gets it: tsup builds ESM + CJS + .d.ts into a
 * temporary directory (never the repo's dist/, which `npm ci` writes through
 * `prepare`), the directory gets the repo's package.json so its `exports` map
 * is what resolves `cardwire` and `cardwire/node`, and a consumer project
 * reaches it through node_modules/cardwire. Everything runs in child
 * processes: the built files are loaded by Node and tsc, not by vitest.
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/registry.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const bin = (name: string) => join(REPO, "node_modules", ".bin", name);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd, timeout: 240_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
    });
  });
}

/** Runs `source` as an ES module (or CommonJS) in the consumer project, so `cardwire` resolves through node_modules. */
function node(source: string, type: "module" | "commonjs"): Promise<Run> {
  return run(process.execPath, [`--input-type=${type}`, "-e", source], consumer);
}

const tmp = mkdtempSync(join(tmpdir(), "cardwire-package-"));
/** The package root: package.json + dist/ (+ node_modules for its runtime dependencies). */
const pkg = join(tmp, "cardwire");
const dist = join(pkg, "dist");
/** A project that depends on it. */
const consumer = join(tmp, "consumer");
let build: Run;

beforeAll(async () => {
  mkdirSync(pkg, { recursive: true });
  // --no-clean: the out dir is fresh, and clean on one config racing the other two builds helps nothing.
  build = await run(bin("tsup"), ["--out-dir", dist, "--silent", "--no-clean"], REPO);
  copyFileSync(join(REPO, "package.json"), join(pkg, "package.json"));
  // better-sqlite3 and friends are dependencies a real install would place beside the package.
  symlinkSync(join(REPO, "node_modules"), join(pkg, "node_modules"), "dir");
  mkdirSync(join(consumer, "node_modules"), { recursive: true });
  symlinkSync(pkg, join(consumer, "node_modules", "cardwire"), "dir");
  symlinkSync(join(REPO, "node_modules", "@types"), join(consumer, "node_modules", "@types"), "dir");
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ROOT_EXPORTS = [
  "parseTrack2",
  "maskPan",
  "cardFromTracks",
  "SimulatedReader",
  "packMessage",
  "unpackMessage",
  "getSpec",
  "AudioJackReader",
  "CardwireError",
  "isCardwireError",
];
const NODE_ONLY = ["startAcquirerSimulator", "Terminal", "TcpHostLink", "collectCard", "parseAmount", "wavFileSource"];

describe("tsup build", () => {
  it("builds ESM, CJS and .d.ts for both entries and the CLI", () => {
    expect(build.code, `tsup failed:\n${build.stderr}${build.stdout}`).toBe(0);
    expect(build.stderr).not.toMatch(/\berror\b/i); // --silent leaves only errors (a dts error still exits 1)
    for (const f of [
      "index.js",
      "index.cjs",
      "index.d.ts",
      "index.d.cts",
      "node.js",
      "node.cjs",
      "node.d.ts",
      "node.d.cts",
      "cli.js",
    ]) {
      expect(existsSync(join(dist, f)), f).toBe(true);
    }
    // Every path the exports map names exists.
    const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    const targets = JSON.stringify(manifest.exports).match(/"\.\/dist\/[^"]+"/g) ?? [];
    expect(targets.length).toBeGreaterThanOrEqual(6);
    for (const t of targets) expect(existsSync(join(pkg, JSON.parse(t) as string)), t).toBe(true);
  });
});

describe("runtime entries through the exports map", () => {
  it("import('cardwire') (ESM): the browser-safe API works and holds nothing Node-only", async () => {
    const r = await node(
      `import * as m from "cardwire";
       const t2 = m.parseTrack2(";4111111111111111=3012101123456?");
       console.log(JSON.stringify({ keys: Object.keys(m), masked: m.maskPan(t2.pan), brand: m.cardFromTracks({ track2: t2.raw }).brand }));`,
      "module",
    );
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { keys: string[]; masked: string; brand: string };
    expect(out.keys).toEqual(expect.arrayContaining(ROOT_EXPORTS));
    for (const k of NODE_ONLY) expect(out.keys).not.toContain(k);
    expect(out).toMatchObject({ masked: "411111******1111", brand: "visa" });
  });

  it("require('cardwire') (CJS) exposes the same API as the ESM root", async () => {
    const esm = await node(
      `import * as m from "cardwire"; console.log(JSON.stringify(Object.keys(m).sort()));`,
      "module",
    );
    const cjs = await node(
      `const m = require("cardwire");
       const e = (() => { try { m.parseTrack2("4111"); } catch (e) { return e; } })();
       console.log(JSON.stringify({ keys: Object.keys(m).sort(), code: e.code, isErr: m.isCardwireError(e), pack: typeof m.packMessage }));`,
      "commonjs",
    );
    expect(cjs.stderr).toBe("");
    const out = JSON.parse(cjs.stdout) as { keys: string[]; code: string; isErr: boolean; pack: string };
    expect(out.keys).toEqual(JSON.parse(esm.stdout));
    expect(out).toMatchObject({ code: "card.sentinel", isErr: true, pack: "function" });
  });

  it("cardwire/node (ESM and CJS): a sale through the built package is approved", async () => {
    const sale = (imp: string) => `${imp}
      (async () => {
        const sim = await m.startAcquirerSimulator({ ledgerPath: ":memory:" });
        const link = new m.TcpHostLink({ host: sim.host, port: sim.port });
        const terminal = new m.Terminal({ terminalId: "PKGTEST1", merchantId: "PACKAGE TEST", link });
        const reader = new m.SimulatedReader();
        const got = await m.collectCard(reader, { start: async () => { await reader.connect(); reader.swipe(m.testCard("visa"), { tracks: ["track1"] }); } });
        const r = await terminal.sale(got.event, m.parseAmount("9.99", "EUR"));
        terminal.close(); await link.close(); await reader.disconnect(); await sim.close();
        console.log(JSON.stringify({ status: r.status, code: r.responseCode, pan: r.maskedPan, keys: ${JSON.stringify(NODE_ONLY)}.filter((k) => !(k in m)) }));
      })();`;
    for (const [imp, type] of [
      [`import * as m from "cardwire/node";`, "module"],
      [`const m = require("cardwire/node");`, "commonjs"],
    ] as const) {
      const r = await node(sale(imp), type);
      expect(r.stderr, type).toBe("");
      expect(JSON.parse(r.stdout), type).toEqual({ status: "approved", code: "00", pan: "411111******1111", keys: [] });
    }
  });
});

describe("type declarations", () => {
  it("a strict TypeScript consumer type-checks against the built .d.ts, and wrong use is an error", async () => {
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2023", "DOM"],
          types: ["node"],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ["consumer.ts"],
      }),
    );
    writeFileSync(
      join(consumer, "consumer.ts"),
      `import { type Card, type ReaderEvent, maskPan, parseTrack2, SimulatedReader, testCard } from "cardwire";
import { parseAmount, startAcquirerSimulator, Terminal, type TransactionResult } from "cardwire/node";

const masked: string = maskPan(parseTrack2(";4111111111111111=3012101?").pan);
const reader = new SimulatedReader({ id: "r" });
reader.on("swipe", (e) => {
  const card: Card | undefined = e.card;
  console.log(card?.maskedPan);
});
export function brandOf(e: ReaderEvent): string | undefined {
  return e.type === "swipe" ? e.card?.brand : undefined;
}
export async function sale(): Promise<TransactionResult["status"]> {
  const sim = await startAcquirerSimulator({ port: 0 });
  const port: number = sim.port;
  void Terminal;
  void port;
  void parseAmount("1.00", "USD");
  void testCard("visa");
  // @ts-expect-error maskPan takes a string: the declarations are typed, not any.
  maskPan(4111);
  // @ts-expect-error startAcquirerSimulator has no "prot" option.
  await startAcquirerSimulator({ prot: 1 });
  return "approved";
}
console.log(masked);
`,
    );
    const r = await run(
      process.execPath,
      [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", consumer],
      consumer,
    );
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("CLI binary", () => {
  it("--help exits 0 and lists every registered command", async () => {
    const r = await run(process.execPath, [join(dist, "cli.js"), "--help"], consumer);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^\\s+${c.name}\\s+\\S`, "m"));
    expect(readFileSync(join(dist, "cli.js"), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("an unknown command exits 2 with exactly one line on stderr", async () => {
    const r = await run(process.execPath, [join(dist, "cli.js"), "bogus"], consumer);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("bogus");
  });
});

describe("browser bundle", () => {
  const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  /** Every module specifier in import/export-from, dynamic import() and require(). */
  const specifiers = (code: string) =>
    [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["']([^"']+)["']/g)].map(
      (m) => m[1]!,
    );

  it("dist/index.js and index.cjs reach no Node built-in", () => {
    for (const file of ["index.js", "index.cjs"]) {
      const code = readFileSync(join(dist, file), "utf8");
      expect(code.length).toBeGreaterThan(10_000);
      expect(code, file).not.toMatch(/["']node:/);
      expect(
        specifiers(code).filter((s) => NODE_BUILTINS.has(s)),
        file,
      ).toEqual([]);
      expect(code, file).not.toMatch(/\bBuffer\.(from|alloc)\b/);
    }
    // The scanner itself finds built-ins where they are: the Node entry uses them.
    expect(specifiers(readFileSync(join(dist, "node.js"), "utf8")).some((s) => NODE_BUILTINS.has(s))).toBe(true);
  });
});
