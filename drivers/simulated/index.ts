/** Simulated devices: readers driven by the app or a test instead of hardware. */
export {
  SimulatedReader,
  type SimulatedReaderOptions,
  type SwipeInput,
  type SwipeOptions,
  type TrackSelection,
} from "./reader.js";
