/** IDTech NEO 2 ("ViVOtech2") protocol: frames, status codes, a streaming deframer and USB HID report chunking. Pure. */
export * from "./errors.js";
export * from "./status.js";
export * from "./frame.js";
export * from "./deframer.js";
export * from "./hid.js";
