/** Keyboard-wedge readers: a streaming keystroke parser for `%T1?;T2?+T3?` swipes and MagTek's encrypted suffix. Pure. */
export * from "./errors.js";
export * from "./magtek-suffix.js";
export * from "./parser.js";
