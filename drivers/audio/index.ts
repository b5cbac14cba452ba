// Browser-safe audio driver exports (the Node-only parts are in ./node.ts).
export * from "./browser/index.js";
export * from "./decoder/index.js";
export * from "./errors.js";
export * from "./pcm.js";
export * from "./reader.js";
export * from "./synth/index.js";
export * from "./wav.js";
