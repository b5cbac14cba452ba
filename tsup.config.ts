import { defineConfig } from "tsup";

// Three entries: the browser-safe root (no Node built-ins reachable), the Node
// entry (sockets, files, SQLite, native transports) and the CLI binary.
export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    platform: "browser",
    target: "es2022",
    sourcemap: true,
    clean: true,
    outDir: "dist",
  },
  {
    entry: { node: "src/node.ts" },
    format: ["esm", "cjs"],
    dts: true,
    platform: "node",
    target: "node20",
    sourcemap: true,
    outDir: "dist",
    external: ["better-sqlite3", "@stoprocent/noble", "node-hid"],
  },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    platform: "node",
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    outDir: "dist",
    external: ["better-sqlite3", "@stoprocent/noble", "node-hid"],
  },
]);
