/**
 * The acquirer simulator: rules as data, a ledger, and an ISO 8583 host over
 * TCP. Exported from `cardwire/node` only (src/node.ts); `rules`, `ledger`
 * and `host` are portable, the `*.node.ts` files need Node.
 */
export * from "./errors.js";
export * from "./rules.js";
export * from "./ledger.js";
export * from "./host.js";
export * from "./security.js";
export * from "./test-keys.js";
// Node-only
export * from "./ledger-sqlite.node.js";
export * from "./server.node.js";
export * from "./security.node.js";
