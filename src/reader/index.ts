/** Readers: the event types, the event hub, the connection state machine and the base class drivers extend. */
export type * from "./types.js";
export * from "./errors.js";
export { READ_FAILURE_HINTS } from "./hints.js";
export {
  DEFAULT_HIGH_WATER_MARK,
  type EventsOptions,
  isCardEvent,
  ReaderEventHub,
  type ReaderEventHubOptions,
} from "./hub.js";
export {
  canTransition,
  READER_TRANSITIONS,
  RECONNECT_POLICIES,
  type ReconnectPolicy,
  reconnectDelay,
} from "./state.js";
export {
  BaseReader,
  type BaseReaderOptions,
  globalTimers,
  type ReaderEventInit,
  type ReaderTimers,
} from "./base-reader.js";
