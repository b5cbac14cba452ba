/** MagTek USB HID swipe reports (clear 337-byte, encrypting 887/856-byte): layouts as data and a pure decoder. */
export * from "./errors.js";
export * from "./layouts.js";
export * from "./report.js";
