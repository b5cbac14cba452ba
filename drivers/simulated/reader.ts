/**
 * A reader with no hardware: the app (or a test, or the demo) tells it what
 * happened — a swipe, a bad swipe, a battery report, a dropped link — and it
 * publishes the same events a real driver would. Swipes go through
 * `cardFromTracks` like every driver's, so invalid tracks become
 * `read_failed` (`bad_track`) exactly as they would from a real head.
 *
 * Later simulated devices will emit protocol bytes into the real codecs; this
 * one starts at track text, the boundary all magstripe protocols share.
 */
import { cardFromTracks, type TrackTexts } from "../../src/card/card.js";
import { CardError } from "../../src/card/errors.js";
import { buildTrack1 } from "../../src/card/track1.js";
import { buildTrack2 } from "../../src/card/track2.js";
import { type TestCard, testCardTracks } from "../../src/card/test-cards.js";
import type { Card } from "../../src/card/types.js";
import { err, ok, type Result } from "../../src/errors/result.js";
import { BaseReader, type BaseReaderOptions } from "../../src/reader/base-reader.js";
import { ReaderError, ReaderErrorCodes } from "../../src/reader/errors.js";
import { READ_FAILURE_HINTS } from "../../src/reader/hints.js";
import type { DisconnectReason, EncryptedCardData, ReadFailureReason, ReadMethod } from "../../src/reader/types.js";
import { type ChipTransaction, chipTlv, type SimulatedIcc } from "./chip.js";

export interface SimulatedReaderOptions extends Partial<BaseReaderOptions> {
  /** Time `connect()` takes, through the reader's timers. Default 0 (next timer tick). */
  readonly connectDelayMs?: number;
  /** The first N connect attempts fail with `reader.connect` (to exercise retries and auto-reconnect). */
  readonly failConnects?: number;
}

/** Which tracks a swipe yields: a head may read only some of them. */
export type TrackSelection = readonly ("track1" | "track2" | "track3")[];

export interface SwipeOptions {
  /** Default: every track the input has. `track3` below is added regardless. */
  readonly tracks?: TrackSelection;
  /** Track 3 text to add (kept raw, ISO 4909). */
  readonly track3?: string;
  /** Driver details to attach, as an audio or HID driver would (speed, quality). */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** What a secure head hands out for one swipe: ciphertext + KSN, and masked tracks for display. */
export interface SecureSwipe {
  readonly encrypted: EncryptedCardData;
  readonly masked: { readonly track1?: string; readonly track2?: string };
}

/** An encrypting read head (DUKPT); implemented by `SimulatedSecureHead` (Node). */
export interface SecureHead {
  encrypt(tracks: TrackTexts): SecureSwipe;
}

/** A test card, a parsed card, or raw track texts (which may be invalid on purpose). */
export type SwipeInput = TestCard | Card | TrackTexts;

let counter = 0;

export class SimulatedReader extends BaseReader {
  readonly kind = "simulated";
  private readonly connectDelayMs: number;
  private failuresLeft: number;

  constructor(options: SimulatedReaderOptions = {}) {
    counter += 1;
    super({ readyPrompt: "Swipe card", ...options, id: options.id ?? `simulated-${counter}` });
    this.connectDelayMs = options.connectDelayMs ?? 0;
    this.failuresLeft = options.failConnects ?? 0;
  }

  protected doConnect(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const handle = this.timers.set(() => {
        signal.removeEventListener("abort", onAbort);
        if (this.failuresLeft > 0) {
          this.failuresLeft -= 1;
          reject(
            new ReaderError(ReaderErrorCodes.connect, `reader ${this.id}: simulated connect failure`, {
              command: "connect",
            }),
          );
        } else {
          resolve();
        }
      }, this.connectDelayMs);
      const onAbort = () => {
        this.timers.clear(handle);
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  protected doDisconnect(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * A card through the slot: emits `status` reading, then `swipe` with the
   * parsed card (or `read_failed` / `bad_track` when the tracks do not make a
   * valid card), then `status` ready. Returns what the parser made of it.
   * Throws `reader.state` unless the reader is ready.
   */
  swipe(input: SwipeInput, options: SwipeOptions = {}): Result<Card, CardError> {
    this.requireReady("swipe");
    const tracks = selectTracks(tracksOf(input), options);
    this.beginRead();
    try {
      const card = cardFromTracks(tracks);
      this.emitEvent({
        type: "swipe",
        card,
        tracks,
        ...(options.details !== undefined && { details: options.details }),
      });
      return ok(card);
    } catch (e) {
      if (!(e instanceof CardError)) throw e;
      this.emitEvent({
        type: "read_failed",
        method: "swipe",
        reason: "bad_track",
        hint: READ_FAILURE_HINTS.bad_track,
        details: {
          code: e.code,
          ...(e.field !== undefined && { field: e.field }),
          ...(e.offset !== undefined && { offset: e.offset }),
        },
      });
      return err(e);
    } finally {
      this.endRead();
    }
  }

  /**
   * A swipe through a secure (encrypting) head: emits `swipe` with
   * `encrypted` (KSN + ciphertext) and masked tracks only — no `card`, no
   * clear track — as a MagTek or IDTech secure reader does. The tracks are
   * still validated first, so a bad swipe is `read_failed` as from any head.
   */
  swipeSecure(head: SecureHead, input: SwipeInput, options: SwipeOptions = {}): Result<SecureSwipe, CardError> {
    this.requireReady("swipeSecure");
    const tracks = selectTracks(tracksOf(input), options);
    this.beginRead();
    try {
      cardFromTracks(tracks);
      const secure = head.encrypt({
        ...(tracks.track1 !== undefined && { track1: tracks.track1 }),
        ...(tracks.track2 !== undefined && { track2: tracks.track2 }),
      });
      this.emitEvent({
        type: "swipe",
        tracks: secure.masked,
        encrypted: secure.encrypted,
        ...(options.details !== undefined && { details: options.details }),
      });
      return ok(secure);
    } catch (e) {
      if (!(e instanceof CardError)) throw e;
      this.#badTrack(e);
      return err(e);
    } finally {
      this.endRead();
    }
  }

  /**
   * A chip card inserted for a transaction: the reader runs the kernel's
   * part (terminal data, GENERATE AC asking for an ARQC) against `icc` and
   * emits `chip` with the TLV (terminal data + the card's ARQC, ATC, IAD,
   * AIP, CID, PSN) and the card read from its Track 2 equivalent.
   */
  insert(icc: SimulatedIcc, txn: ChipTransaction): Result<Card, CardError> {
    this.requireReady("insert");
    this.beginRead();
    try {
      const card = cardFromTracks({ track2: icc.track2 });
      this.emitEvent({ type: "chip", tlv: chipTlv(icc, txn), card });
      return ok(card);
    } catch (e) {
      if (!(e instanceof CardError)) throw e;
      this.#badTrack(e, "chip");
      return err(e);
    } finally {
      this.endRead();
    }
  }

  #badTrack(e: CardError, method: ReadMethod = "swipe"): void {
    this.emitEvent({
      type: "read_failed",
      method,
      reason: "bad_track",
      hint: READ_FAILURE_HINTS.bad_track,
      details: {
        code: e.code,
        ...(e.field !== undefined && { field: e.field }),
        ...(e.offset !== undefined && { offset: e.offset }),
      },
    });
  }

  /** A read that produced no card (too fast, noisy, card pulled early…). */
  failRead(reason: ReadFailureReason, options: { readonly method?: ReadMethod; readonly hint?: string } = {}): void {
    this.requireReady("failRead");
    this.beginRead();
    this.emitEvent({
      type: "read_failed",
      method: options.method ?? "swipe",
      reason,
      hint: options.hint ?? READ_FAILURE_HINTS[reason],
    });
    this.endRead();
  }

  /** A battery report; allowed in any connected state. */
  reportBattery(percent: number, charging?: boolean): void {
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new ReaderError(ReaderErrorCodes.argument, `battery percent: expected 0–100, found ${percent}`, {
        field: "percent",
      });
    }
    if (this.state !== "ready" && this.state !== "reading") {
      throw new ReaderError(ReaderErrorCodes.state, `reader ${this.id}: battery report while ${this.state}`, {
        command: "reportBattery",
      });
    }
    this.emitEvent({ type: "battery", percent, ...(charging !== undefined && { charging }) });
  }

  /** The link drops on the device side (out of range, unplugged); the reconnect policy applies. */
  simulateDisconnect(reason: Exclude<DisconnectReason, "requested"> = "link_lost", cause?: unknown): void {
    if (this.state !== "ready" && this.state !== "reading") {
      throw new ReaderError(ReaderErrorCodes.state, `reader ${this.id}: cannot lose a link while ${this.state}`, {
        command: "simulateDisconnect",
      });
    }
    this.linkLost(reason, cause);
  }

  private requireReady(command: string): void {
    if (this.state !== "ready") {
      throw new ReaderError(
        ReaderErrorCodes.state,
        `reader ${this.id}: ${command} needs state ready, found ${this.state}`,
        {
          command,
        },
      );
    }
  }
}

function isTestCard(x: SwipeInput): x is TestCard {
  return "id" in x && "serviceCode" in x && typeof x.serviceCode === "string";
}

function isCard(x: SwipeInput): x is Card {
  return "maskedPan" in x;
}

/** The track texts a swipe of `input` yields. A `Card` without tracks gets Track 2 (and Track 1 if named) rebuilt from its fields. */
function tracksOf(input: SwipeInput): TrackTexts {
  if (isTestCard(input)) return testCardTracks(input);
  if (!isCard(input)) return input;
  if (input.track1 !== undefined || input.track2 !== undefined) {
    return {
      ...(input.track1 !== undefined && { track1: input.track1.raw }),
      ...(input.track2 !== undefined && { track2: input.track2.raw }),
      ...(input.track3 !== undefined && { track3: input.track3 }),
    };
  }
  const fields = {
    pan: input.pan,
    ...(input.expiry !== undefined && { expiry: input.expiry }),
    ...(input.serviceCode !== undefined && { serviceCode: input.serviceCode }),
  };
  return {
    track2: buildTrack2(fields),
    ...(input.name !== undefined && { track1: buildTrack1({ ...fields, name: input.name }) }),
  };
}

/** The tracks a head read (`options.tracks`, default all), plus an explicitly given Track 3. */
function selectTracks(all: TrackTexts, options: SwipeOptions): TrackTexts {
  const pick = new Set(options.tracks ?? ["track1", "track2", "track3"]);
  const track3 = options.track3 ?? (pick.has("track3") ? all.track3 : undefined);
  return {
    ...(pick.has("track1") && all.track1 !== undefined && { track1: all.track1 }),
    ...(pick.has("track2") && all.track2 !== undefined && { track2: all.track2 }),
    ...(track3 !== undefined && { track3 }),
  };
}
