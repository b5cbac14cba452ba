/** Simulated devices: readers driven by the app or a test instead of hardware. Node-only models: ./node.ts. */
export {
  type SecureHead,
  type SecureSwipe,
  SimulatedReader,
  type SimulatedReaderOptions,
  type SwipeInput,
  type SwipeOptions,
  type TrackSelection,
} from "./reader.js";
export { type ChipTransaction, chipTlv, type SimulatedIcc, terminalDataFor } from "./chip.js";
