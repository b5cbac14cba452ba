/** Shared test inputs: swipe events built from the public test-card table. */
import { cardFromTracks, testCard, testCardTracks } from "../../src/card/index.js";
import type { Card } from "../../src/card/index.js";
import type { SwipeEvent } from "../../src/reader/index.js";

export function swipeOf(id: string, at = 0): SwipeEvent {
  const tracks = testCardTracks(testCard(id));
  return { type: "swipe", readerId: "sim-1", at, tracks, card: cardFromTracks(tracks) };
}

/**
 * A swipe with an arbitrary PAN (Luhn-invalid ones too, which cardFromTracks
 * rightly refuses): the card object is assembled by hand.
 */
export function rawSwipe(pan: string, expiry = "3012"): SwipeEvent {
  const track2 = `;${pan}=${expiry}101100000?`;
  const card: Card = {
    pan,
    maskedPan: `${pan.slice(0, 6)}${"*".repeat(Math.max(0, pan.length - 10))}${pan.slice(-4)}`,
    brand: "unknown",
    expiry: { yymm: expiry, year: 2000 + Number(expiry.slice(0, 2)), month: Number(expiry.slice(2)) },
  };
  return { type: "swipe", readerId: "sim-1", at: 0, tracks: { track2 }, card };
}

export const IDENTITY = { terminalId: "TERM0001", merchantId: "MERCHANT000001" } as const;
