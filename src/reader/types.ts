/**
 * The typed stream every reader publishes. Drivers (audio, BLE, HID,
 * simulated) all produce these events; the terminal consumes them.
 */
import type { Card } from "../card/types.js";
import type { CardwireError } from "../errors/index.js";

export type ReaderState = "idle" | "discovering" | "connecting" | "ready" | "reading" | "disconnected";

export type DisconnectReason =
  | "requested" // the app called disconnect()
  | "link_lost" // radio out of range, cable pulled, socket closed
  | "device_gone" // the device was removed / powered off
  | "error" // a transport or protocol error ended the link
  | "end_of_stream"; // a finite source (WAV file, replay) ended

/** How the card data was captured. */
export type ReadMethod = "swipe" | "chip" | "tap";

/** Why a read attempt produced no card — expected outcomes, not errors. */
export type ReadFailureReason =
  | "too_fast"
  | "too_slow"
  | "too_noisy"
  | "parity"
  | "lrc"
  | "no_sentinel"
  | "truncated"
  | "bad_track" // decoded, but not a valid ISO 7813 track
  | "card_removed"
  | "timeout"
  | "cancelled"
  | "unsupported_card";

/** Encrypted card data as a secure reader sends it (DUKPT). */
export interface EncryptedCardData {
  /** Key serial number, 10 bytes (TDES DUKPT) or 12 bytes (AES DUKPT). */
  readonly ksn: Uint8Array;
  readonly scheme: "tdes-dukpt" | "aes-dukpt";
  /** Which DUKPT key variant encrypted the data (differs by reader firmware). */
  readonly variant: "data" | "pin" | "data-request";
  readonly track1?: Uint8Array;
  readonly track2?: Uint8Array;
  readonly track3?: Uint8Array;
}

interface EventBase {
  /** Reader id that produced the event. */
  readonly readerId: string;
  /** Milliseconds since the epoch (or since stream start for offline decoding). */
  readonly at: number;
}

export interface SwipeEvent extends EventBase {
  readonly type: "swipe";
  /** Parsed card when tracks are clear and valid; absent when only encrypted data arrived. */
  readonly card?: Card;
  /** Clear tracks as read (sentinels included). Never log these. */
  readonly tracks: { readonly track1?: string; readonly track2?: string; readonly track3?: string };
  readonly encrypted?: EncryptedCardData;
  /** Driver-specific read details (e.g. audio speed/quality), safe to log. */
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

export interface ChipEvent extends EventBase {
  readonly type: "chip" | "tap";
  /** EMV data as BER-TLV bytes (the future DE 55 source). */
  readonly tlv: Uint8Array;
  readonly card?: Card;
  readonly encrypted?: EncryptedCardData;
}

export interface StatusEvent extends EventBase {
  readonly type: "status";
  readonly state: ReaderState;
  /** Present when `state` is `disconnected`. */
  readonly reason?: DisconnectReason;
  /** Human hint such as "insert or swipe card", "remove card". */
  readonly prompt?: string;
}

export interface BatteryEvent extends EventBase {
  readonly type: "battery";
  /** 0–100. */
  readonly percent: number;
  readonly charging?: boolean;
}

export interface ReadFailedEvent extends EventBase {
  readonly type: "read_failed";
  readonly method: ReadMethod;
  readonly reason: ReadFailureReason;
  /** What to tell the user, e.g. "Swipe again, slower". */
  readonly hint: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

export interface ErrorEvent extends EventBase {
  readonly type: "error";
  readonly error: CardwireError;
}

export type ReaderEvent = SwipeEvent | ChipEvent | StatusEvent | BatteryEvent | ReadFailedEvent | ErrorEvent;
export type ReaderEventType = ReaderEvent["type"];
export type ReaderEventOf<T extends ReaderEventType> = Extract<ReaderEvent, { type: T }>;

export type Unsubscribe = () => void;

/**
 * A card reader: one transport plus one protocol, with a connection state
 * machine. Events are consumable as an AsyncIterable (`for await (const e of
 * reader.events())`) and through listeners (`reader.on("swipe", fn)`).
 */
export interface Reader {
  readonly id: string;
  /** Driver family, e.g. `audio`, `simulated`, `magtek-hid`, `idtech-neo2`. */
  readonly kind: string;
  readonly state: ReaderState;
  connect(options?: { readonly signal?: AbortSignal }): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * A fresh subscription. Buffers up to `highWaterMark` events (default 256);
   * past that the oldest non-card events are dropped first and an `error`
   * event with code `reader.overflow` is queued. Ends after `disconnected`
   * when the reader will not reconnect, or when `signal` aborts.
   */
  events(options?: {
    readonly signal?: AbortSignal;
    readonly highWaterMark?: number;
  }): AsyncIterableIterator<ReaderEvent>;
  on<T extends ReaderEventType>(type: T, listener: (event: ReaderEventOf<T>) => void): Unsubscribe;
  on(type: "*", listener: (event: ReaderEvent) => void): Unsubscribe;
}
