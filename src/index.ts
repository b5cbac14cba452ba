/**
 * cardwire — browser-safe root entry. Nothing reachable from here imports a
 * Node built-in (checked by test/portability.test.ts, which bundles this file
 * for the browser). Node-only parts (TCP, SQLite, node:crypto, native
 * transports) are in `cardwire/node`.
 */
export * from "./errors/index.js";
export * from "./bytes/index.js";
export * from "./card/index.js";
export * from "./reader/index.js";
export * from "./emv/index.js";
export * from "./iso8583/index.js";
export * from "../drivers/simulated/index.js";
export * from "../drivers/audio/index.js";
export * from "../drivers/neo2/index.js";
export * from "../drivers/magtek/index.js";
export * from "../drivers/wedge/index.js";
