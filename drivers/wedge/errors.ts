/**
 * Keyboard-wedge failures. A bad swipe is an expected outcome, so these
 * errors travel inside `failure` events rather than being thrown; only a bad
 * option throws. Messages name states, sizes and offsets, never the typed text.
 */
import { type ErrorCategory, errorClass, registerErrorCodes } from "../../src/errors/index.js";

export const WedgeErrorCodes = registerErrorCodes("WedgeError", {
  /** A pause longer than `maxGapMs` inside a swipe: the partial swipe was dropped (probably a person typing). */
  timeout: "wedge.timeout",
  /** Enter (or the end of input) arrived inside a track, before its end sentinel. */
  unterminated: "wedge.unterminated",
  /** A track or the encrypted suffix grew past its maximum length. */
  length: "wedge.length",
  /** A character that cannot follow in the swipe grammar (e.g. text between tracks, tracks out of order). */
  syntax: "wedge.syntax",
  /** The `|`-separated encrypted suffix has a field that is not what its position requires (e.g. not hex). */
  suffix: "wedge.suffix",
  /** A parser option is invalid. */
  argument: "wedge.argument",
} as const);
export type WedgeErrorCode = (typeof WedgeErrorCodes)[keyof typeof WedgeErrorCodes];

const categories: Readonly<Record<WedgeErrorCode, ErrorCategory>> = {
  "wedge.timeout": "input",
  "wedge.unterminated": "input",
  "wedge.length": "input",
  "wedge.syntax": "input",
  "wedge.suffix": "protocol",
  "wedge.argument": "config",
};

export class WedgeError extends errorClass<WedgeErrorCode>(categories) {}
