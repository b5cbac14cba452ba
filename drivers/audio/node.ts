// Node-only audio exports: WAV files from disk, raw PCM streams and recorder processes.
export * from "./stream.node.js";
export * from "./wav-file.node.js";
