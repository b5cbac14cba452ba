/**
 * Payments cryptography (Node only: node:crypto). Exported from `cardwire/node`,
 * never from the browser entry: WebCrypto has no DES and no raw ECB.
 */
export * from "./cipher.js";
export * from "./cmac.js";
export * from "./dukpt-aes.js";
export * from "./dukpt-tdes.js";
export * from "./emv.js";
export * from "./errors.js";
export * from "./iso9797.js";
export * from "./key.js";
export * from "./parity.js";
export * from "./pinblock.js";
