/**
 * cardwire/node — everything in the root entry plus the Node-only modules:
 * payments crypto over node:crypto, the TCP host link and acquirer simulator
 * server, SQLite ledgers, WAV files, and native transports (loaded lazily).
 */
export * from "./index.js";
export * from "./crypto/index.js";
export * from "./terminal/index.js";
export * from "./acquirer/index.js";
export * from "../drivers/audio/node.js";
export * from "../drivers/simulated/node.js";
