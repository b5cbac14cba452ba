// Browser PCM source: microphone through getUserMedia and an AudioWorklet tap.
export * from "./microphone.js";
export * from "./worklet.js";
