/**
 * What to tell the person at the reader when a read produced no card, one row
 * per `ReadFailureReason` so every driver shows the same words.
 */
import type { ReadFailureReason } from "./types.js";

export const READ_FAILURE_HINTS = {
  too_fast: "Swipe again, a little slower",
  too_slow: "Swipe again, a little faster",
  too_noisy: "Swipe again in one smooth motion",
  parity: "Swipe again",
  lrc: "Swipe again",
  no_sentinel: "Swipe again, the whole card through the slot",
  truncated: "Swipe again, the whole card through the slot",
  bad_track: "Card not readable, try another card or insert it",
  card_removed: "Card removed too early, try again",
  timeout: "No card read, try again",
  cancelled: "Cancelled",
  unsupported_card: "Card not supported",
} as const satisfies Record<ReadFailureReason, string>;
