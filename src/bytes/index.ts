export * from "./errors.js";
export * from "./hex.js";
export * from "./util.js";
export * from "./crc.js";
