/** Reader-layer errors: API misuse against the connection state machine, subscriber overflow, listener failures. */
import { errorFamily } from "../errors/index.js";

const family = errorFamily("ReaderError", {
  /** A call or transition the connection state machine does not allow (e.g. swipe while disconnected). */
  state: ["reader.state", "state"],
  /** A subscriber's queue hit its high-water mark and events were dropped. */
  overflow: ["reader.overflow", "internal"],
  /** A listener passed to `on()` threw; the emitter carried on. */
  listener: ["reader.listener", "internal"],
  /** An argument out of range (e.g. highWaterMark 0). */
  argument: ["reader.argument", "config"],
  /** Connecting failed (the driver's error is the cause). */
  connect: ["reader.connect", "transport"],
  /** connect() was cancelled by its AbortSignal or by disconnect(). */
  aborted: ["reader.aborted", "state"],
  /** Auto-reconnect gave up after its last attempt. */
  reconnectFailed: ["reader.reconnect_failed", "transport"],
});
export const ReaderErrorCodes = family.codes;
export type ReaderErrorCode = (typeof ReaderErrorCodes)[keyof typeof ReaderErrorCodes];

export class ReaderError extends family.Base {}
