/**
 * The connection state machine as a table: which state may follow which, and
 * why. `BaseReader` refuses anything not listed with `reader.state`.
 */
import type { DisconnectReason, ReaderState } from "./types.js";

export const READER_TRANSITIONS = [
  { from: "idle", to: "discovering", description: "connect() on a driver that must find its device first" },
  { from: "idle", to: "connecting", description: "connect() with the device already known" },
  { from: "discovering", to: "connecting", description: "device found" },
  { from: "discovering", to: "disconnected", description: "discovery failed, was cancelled or the app disconnected" },
  { from: "connecting", to: "ready", description: "link up, reader waiting for a card" },
  { from: "connecting", to: "disconnected", description: "connect failed, was cancelled or the app disconnected" },
  { from: "ready", to: "reading", description: "a card read started (swipe in progress, card inserted)" },
  { from: "ready", to: "disconnected", description: "link lost or disconnect()" },
  { from: "reading", to: "ready", description: "read finished, with a card or a read failure" },
  { from: "reading", to: "disconnected", description: "link lost mid-read or disconnect()" },
  { from: "disconnected", to: "discovering", description: "reconnect (app or auto-reconnect), discovery first" },
  { from: "disconnected", to: "connecting", description: "reconnect (app or auto-reconnect)" },
] as const satisfies readonly { from: ReaderState; to: ReaderState; description: string }[];

const ALLOWED = new Set<string>(READER_TRANSITIONS.map((t) => `${t.from}>${t.to}`));

export function canTransition(from: ReaderState, to: ReaderState): boolean {
  return ALLOWED.has(`${from}>${to}`);
}

/**
 * Auto-reconnect as data. Delay before attempt n (1-based) is
 * `min(maxDelayMs, initialDelayMs * factor^(n-1))`, then ± `jitter` of
 * itself (0 = deterministic).
 */
export interface ReconnectPolicy {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  /** Fraction 0–1. */
  readonly jitter: number;
  /** Disconnect reasons that trigger a reconnect; `requested` never does. */
  readonly reasons: readonly Exclude<DisconnectReason, "requested">[];
  readonly description: string;
}

export const RECONNECT_POLICIES = {
  never: {
    maxAttempts: 0,
    initialDelayMs: 0,
    factor: 1,
    maxDelayMs: 0,
    jitter: 0,
    reasons: [],
    description: "No auto-reconnect: a lost link ends the event stream",
  },
  standard: {
    maxAttempts: 5,
    initialDelayMs: 500,
    factor: 2,
    maxDelayMs: 8_000,
    jitter: 0.2,
    reasons: ["link_lost", "error"],
    description: "BLE-style readers: out of range or a transient error; 0.5 s, 1 s, 2 s, 4 s, 8 s",
  },
  persistent: {
    maxAttempts: Number.POSITIVE_INFINITY,
    initialDelayMs: 1_000,
    factor: 2,
    maxDelayMs: 30_000,
    jitter: 0.2,
    reasons: ["link_lost", "device_gone", "error"],
    description: "Unattended terminals: keep trying every ≤30 s until disconnect()",
  },
} as const satisfies Record<string, ReconnectPolicy>;

/** Delay before reconnect attempt `attempt` (1-based); `random` in [0, 1). */
export function reconnectDelay(policy: ReconnectPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
  if (policy.jitter === 0) return base;
  return Math.max(0, Math.round(base * (1 + policy.jitter * (2 * random() - 1))));
}
