/**
 * Keyboard-wedge swipes: a reader that types `%<T1>?;<T2>?+<T3>?` and Enter
 * as keystrokes (READERS.md, "Keyboard-wedge text"); `E` in place of a
 * track's body means the head could not read it. MagTek's encrypting readers
 * append `|`-separated fields before Enter (see `magtek-suffix.ts`).
 *
 * `WedgeParser` is a streaming state machine: feed it characters (with the
 * key's timestamp when you have one) and it returns events — a `swipe`, a
 * `failure` (a typed `WedgeError`, an expected outcome, not a throw) or
 * `text` (keystrokes that were not part of a swipe, handed back to the app).
 * With timestamps, a pause longer than `maxGapMs` inside a swipe drops it: a
 * reader types a whole swipe in one burst, a person typing "%" does not.
 * Buffers are bounded by the tracks' maximum lengths.
 */
import { tryCardFromTracks } from "../../src/card/card.js";
import type { CardError } from "../../src/card/errors.js";
import { maskTrack } from "../../src/card/mask.js";
import { TRACK_FRAMES } from "../../src/card/track-frame.js";
import type { Card } from "../../src/card/types.js";
import type { Result } from "../../src/errors/result.js";
import { WedgeError, WedgeErrorCodes } from "./errors.js";
import { type MagtekWedgeSuffix, parseMagtekWedgeSuffix } from "./magtek-suffix.js";

export type WedgeTrackName = "track1" | "track2" | "track3";

/** Start sentinel → track, with its order in the swipe and maximum length (sentinels included). */
export const WEDGE_TRACKS: Readonly<Record<string, { track: WedgeTrackName; order: number; maxLength: number }>> = {
  "%": { track: "track1", order: 1, maxLength: TRACK_FRAMES.track1.maxLength },
  ";": { track: "track2", order: 2, maxLength: TRACK_FRAMES.track2.maxLength },
  // ISO 4909 Track 3: 107 characters including sentinels and LRC (we count without the LRC, as src/card does).
  "+": { track: "track3", order: 3, maxLength: 107 },
};
const END_SENTINEL = "?";
const SUFFIX_START = "|";
/** The body a reader types for a track it could not read. */
const UNREADABLE = "E";
/** Enter arrives as CR or LF depending on the platform's key mapping; CR LF counts once. */
const ENTER: ReadonlySet<string> = new Set(["\r", "\n"]);
/** MagTek's suffix is a few hundred hex characters; 4096 is ample and keeps the buffer bounded. */
export const WEDGE_SUFFIX_MAX = 4096;
/** Idle text is handed back at Enter or in pieces of at most this many characters. */
const TEXT_CHUNK_MAX = 1024;

export type WedgeTrack =
  | { readonly status: "ok" /** Masked for display (PAN 6+4, discretionary data hidden). */; readonly masked: string }
  | { readonly status: "unreadable" };

export interface WedgeSwipe {
  readonly tracks: Readonly<Partial<Record<WedgeTrackName, WedgeTrack>>>;
  /**
   * The card from the clear tracks, through src/card; absent for an encrypted
   * swipe (its typed tracks are masked by the reader and cannot build a card).
   */
  readonly card?: Result<Card, CardError>;
  readonly encrypted?: MagtekWedgeSuffix;
}

export type WedgeEvent =
  | { readonly kind: "swipe"; readonly swipe: WedgeSwipe }
  | { readonly kind: "failure"; readonly error: WedgeError }
  | { readonly kind: "text"; readonly text: string };

export interface WedgeParserOptions {
  /**
   * Longest pause between two keys inside a swipe, in ms, when `push` gets
   * timestamps. Default 100: a starting guess, to tune per reader — readers
   * type a swipe in one burst, USB keyboards are polled every 1–10 ms
   * (the HID endpoint's bInterval), people type far slower.
   */
  readonly maxGapMs?: number;
}

type State = "idle" | "track" | "between" | "suffix" | "discard";

export class WedgeParser {
  readonly #maxGapMs: number;
  #state: State = "idle";
  #lastAt: number | undefined;
  #text = "";
  #track: { track: WedgeTrackName; order: number; maxLength: number } | undefined;
  #body = "";
  #order = 0;
  #done: Partial<Record<WedgeTrackName, string>> = {};
  #suffix = "";
  /** Characters since the swipe's start sentinel, for error offsets. */
  #offset = 0;

  constructor(options: WedgeParserOptions = {}) {
    const gap = options.maxGapMs ?? 100;
    if (!(gap > 0) || !Number.isFinite(gap)) {
      throw new WedgeError(WedgeErrorCodes.argument, `maxGapMs must be a positive number of ms, got ${gap}`, {
        field: "maxGapMs",
      });
    }
    this.#maxGapMs = gap;
  }

  /** True while a swipe is partly typed. */
  get inSwipe(): boolean {
    return this.#state !== "idle";
  }

  /** Feeds text, one key per character, all at `atMs` (or without timing). */
  push(text: string, atMs?: number): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    for (const ch of text) this.#key(ch, atMs, out);
    return out;
  }

  /** Feeds keys with their own timestamps. */
  pushKeys(keys: Iterable<{ readonly key: string; readonly atMs?: number }>): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    for (const { key, atMs } of keys) for (const ch of key) this.#key(ch, atMs, out);
    return out;
  }

  /** Call from a timer: a swipe idle for longer than `maxGapMs` at `nowMs` is dropped. */
  tick(nowMs: number): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    if (this.#state !== "idle" && this.#lastAt !== undefined && nowMs - this.#lastAt > this.#maxGapMs) {
      this.#timeout(nowMs - this.#lastAt, out);
    }
    return out;
  }

  /** End of input: a partial swipe is unterminated; pending text is handed back. */
  end(): WedgeEvent[] {
    const out: WedgeEvent[] = [];
    if (this.#state === "idle") this.#flushText(out);
    else if (this.#state !== "discard") this.#fail(WedgeErrorCodes.unterminated, "input ended inside a swipe", out);
    this.#reset();
    return out;
  }

  #key(ch: string, atMs: number | undefined, out: WedgeEvent[]): void {
    if (atMs !== undefined) {
      if (this.#state !== "idle" && this.#lastAt !== undefined && atMs - this.#lastAt > this.#maxGapMs) {
        this.#timeout(atMs - this.#lastAt, out);
      }
      this.#lastAt = atMs;
    }
    if (this.#state !== "idle") this.#offset++;
    this.#handlers[this.#state](ch, out);
  }

  /** One handler per state: the machine's transitions live in these methods, picked by table. */
  readonly #handlers: Readonly<Record<State, (ch: string, out: WedgeEvent[]) => void>> = {
    idle: (ch, out) => this.#idle(ch, out),
    track: (ch, out) => this.#inTrack(ch, out),
    between: (ch, out) => this.#between(ch, out),
    suffix: (ch, out) => this.#inSuffix(ch, out),
    discard: (ch) => {
      if (ENTER.has(ch)) this.#reset();
    },
  };

  #idle(ch: string, out: WedgeEvent[]): void {
    const start = WEDGE_TRACKS[ch];
    if (start !== undefined) {
      this.#flushText(out);
      this.#offset = 0;
      this.#startTrack(start);
      return;
    }
    if (ENTER.has(ch)) {
      this.#flushText(out);
      return;
    }
    this.#text += ch;
    if (this.#text.length >= TEXT_CHUNK_MAX) this.#flushText(out);
  }

  #startTrack(t: { track: WedgeTrackName; order: number; maxLength: number }): void {
    this.#state = "track";
    this.#track = t;
    this.#order = t.order;
    this.#body = "";
  }

  #inTrack(ch: string, out: WedgeEvent[]): void {
    const t = this.#track!;
    if (ch === END_SENTINEL) {
      this.#done[t.track] = this.#body;
      this.#state = "between";
      return;
    }
    if (ENTER.has(ch)) {
      this.#fail(WedgeErrorCodes.unterminated, `Enter inside ${t.track} before its end sentinel`, out, t.track);
      this.#reset();
      return;
    }
    this.#body += ch;
    // Body + two sentinels must fit the track's maximum record length.
    if (this.#body.length + 2 > t.maxLength) {
      this.#fail(WedgeErrorCodes.length, `${t.track} longer than ${t.maxLength} characters`, out, t.track);
      this.#state = "discard";
    }
  }

  #between(ch: string, out: WedgeEvent[]): void {
    if (ENTER.has(ch)) {
      this.#emitSwipe(undefined, out);
      return;
    }
    if (ch === SUFFIX_START) {
      this.#state = "suffix";
      this.#suffix = "";
      return;
    }
    const next = WEDGE_TRACKS[ch];
    if (next !== undefined && next.order > this.#order) {
      this.#startTrack(next);
      return;
    }
    this.#fail(
      WedgeErrorCodes.syntax,
      next === undefined
        ? "unexpected character after a track's end sentinel"
        : `${next.track} after ${this.#track!.track}: tracks out of order`,
      out,
    );
    this.#state = "discard";
  }

  #inSuffix(ch: string, out: WedgeEvent[]): void {
    if (ENTER.has(ch)) {
      let suffix: MagtekWedgeSuffix;
      try {
        suffix = parseMagtekWedgeSuffix(this.#suffix);
      } catch (e) {
        if (!(e instanceof WedgeError)) throw e;
        out.push({ kind: "failure", error: e });
        this.#reset();
        return;
      }
      this.#emitSwipe(suffix, out);
      return;
    }
    this.#suffix += ch;
    if (this.#suffix.length > WEDGE_SUFFIX_MAX) {
      this.#fail(WedgeErrorCodes.length, `encrypted suffix longer than ${WEDGE_SUFFIX_MAX} characters`, out);
      this.#state = "discard";
    }
  }

  #emitSwipe(encrypted: MagtekWedgeSuffix | undefined, out: WedgeEvent[]): void {
    const tracks: Partial<Record<WedgeTrackName, WedgeTrack>> = {};
    const clear: Partial<Record<WedgeTrackName, string>> = {};
    for (const [sentinel, t] of Object.entries(WEDGE_TRACKS)) {
      const body = this.#done[t.track];
      if (body === undefined) continue;
      if (body === UNREADABLE) {
        tracks[t.track] = { status: "unreadable" };
        continue;
      }
      const text = `${sentinel}${body}${END_SENTINEL}`;
      tracks[t.track] = { status: "ok", masked: maskTrack(text) };
      clear[t.track] = text;
    }
    const swipe: WedgeSwipe = {
      tracks,
      ...(encrypted === undefined && { card: tryCardFromTracks(clear) }),
      ...(encrypted !== undefined && { encrypted }),
    };
    out.push({ kind: "swipe", swipe });
    this.#reset();
  }

  #timeout(gapMs: number, out: WedgeEvent[]): void {
    if (this.#state !== "discard") {
      out.push({
        kind: "failure",
        error: new WedgeError(
          WedgeErrorCodes.timeout,
          `pause of ${gapMs} ms inside a swipe (limit ${this.#maxGapMs} ms): partial swipe dropped`,
          { offset: this.#offset, details: { gapMs, maxGapMs: this.#maxGapMs } },
        ),
      });
    }
    this.#reset();
  }

  #fail(
    code: (typeof WedgeErrorCodes)[keyof typeof WedgeErrorCodes],
    message: string,
    out: WedgeEvent[],
    field?: string,
  ): void {
    out.push({
      kind: "failure",
      error: new WedgeError(code, `wedge: ${message}`, { offset: this.#offset, ...(field !== undefined && { field }) }),
    });
  }

  #flushText(out: WedgeEvent[]): void {
    if (this.#text.length > 0) out.push({ kind: "text", text: this.#text });
    this.#text = "";
  }

  #reset(): void {
    this.#state = "idle";
    this.#track = undefined;
    this.#body = "";
    this.#order = 0;
    this.#done = {};
    this.#suffix = "";
    this.#offset = 0;
  }
}
