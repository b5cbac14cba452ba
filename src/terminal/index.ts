/**
 * The transaction core. Everything above the `*.node.ts` line is portable
 * (a browser terminal with a WebSocket link can use it); this index is
 * exported from `cardwire/node` only (src/node.ts), so the Node-only TCP link
 * and SQLite journal can sit beside the portable core.
 */
export * from "./errors.js";
export * from "./amount.js";
export * from "./codes.js";
export * from "./clock.js";
export * from "./stan.js";
export * from "./message.js";
export * from "./request.js";
export * from "./journal.js";
export * from "./host-link.js";
export * from "./codec.js";
export * from "./terminal.js";
export * from "./collect.js";
export * from "./secure-data.js";
export * from "./mac.js";
// Node-only
export * from "./host-link-tcp.node.js";
export * from "./journal-sqlite.node.js";
export * from "./mac.node.js";
