// Node-only audio exports (WAV files, PCM streams)
export {};
