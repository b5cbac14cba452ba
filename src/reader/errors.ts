/** Reader-layer errors: API misuse against the connection state machine, subscriber overflow, listener failures. */
import { type ErrorCategory, errorClass, registerErrorCodes } from "../errors/index.js";

export const ReaderErrorCodes = registerErrorCodes("ReaderError", {
  /** A call or transition the connection state machine does not allow (e.g. swipe while disconnected). */
  state: "reader.state",
  /** A subscriber's queue hit its high-water mark and events were dropped. */
  overflow: "reader.overflow",
  /** A listener passed to `on()` threw; the emitter carried on. */
  listener: "reader.listener",
  /** An argument out of range (e.g. highWaterMark 0). */
  argument: "reader.argument",
  /** Connecting failed (the driver's error is the cause). */
  connect: "reader.connect",
  /** connect() was cancelled by its AbortSignal or by disconnect(). */
  aborted: "reader.aborted",
  /** Auto-reconnect gave up after its last attempt. */
  reconnectFailed: "reader.reconnect_failed",
} as const);
export type ReaderErrorCode = (typeof ReaderErrorCodes)[keyof typeof ReaderErrorCodes];

const CATEGORY: Record<ReaderErrorCode, ErrorCategory> = {
  "reader.state": "state",
  "reader.overflow": "internal",
  "reader.listener": "internal",
  "reader.argument": "config",
  "reader.connect": "transport",
  "reader.aborted": "state",
  "reader.reconnect_failed": "transport",
};

export class ReaderError extends errorClass<ReaderErrorCode>(CATEGORY) {}
