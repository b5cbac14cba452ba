/**
 * Keyboard-wedge failures. A bad swipe is an expected outcome, so these
 * errors travel inside `failure` events rather than being thrown; only a bad
 * option throws. Messages name states, sizes and offsets, never the typed text.
 */
import { errorFamily } from "../../src/errors/index.js";

const family = errorFamily("WedgeError", {
  /** A pause longer than `maxGapMs` inside a swipe: the partial swipe was dropped (probably a person typing). */
  timeout: ["wedge.timeout", "input"],
  /** Enter (or the end of input) arrived inside a track, before its end sentinel. */
  unterminated: ["wedge.unterminated", "input"],
  /** A track or the encrypted suffix grew past its maximum length. */
  length: ["wedge.length", "input"],
  /** A character that cannot follow in the swipe grammar (e.g. text between tracks, tracks out of order). */
  syntax: ["wedge.syntax", "input"],
  /** The `|`-separated encrypted suffix has a field that is not what its position requires (e.g. not hex). */
  suffix: ["wedge.suffix", "protocol"],
  /** A parser option is invalid. */
  argument: ["wedge.argument", "config"],
});
export const WedgeErrorCodes = family.codes;
export type WedgeErrorCode = (typeof WedgeErrorCodes)[keyof typeof WedgeErrorCodes];

export class WedgeError extends family.Base {}
