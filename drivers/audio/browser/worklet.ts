/**
 * The AudioWorklet processor, as source text. It is loaded from a Blob URL so
 * the SDK bundle needs no separate worklet file and no bundler plugin.
 *
 * It only batches the 128-frame render quanta (Web Audio §1.32 "render
 * quantum") into larger blocks and transfers each block's buffer to the main
 * thread (zero-copy). The swipe decoder runs on the main thread, not here:
 *   - a Blob-URL worklet cannot import the SDK's modules, so running the
 *     decoder here would mean shipping a second, stringified copy of it;
 *   - the render thread has ≈2.9 ms per quantum at 44.1 kHz, and the end of a
 *     swipe is the decoder's most expensive moment — a glitch there would
 *     drop audio; on the main thread it only delays a callback;
 *   - the decoder runs far faster than real time, so main-thread cost is
 *     a fraction of a percent, and the same code path serves Node and tests.
 * Block buffers are transferred, never shared, so no SharedArrayBuffer (and
 * no cross-origin isolation) is needed.
 */
export const PCM_TAP_PROCESSOR = "cardwire-pcm-tap";

export const PCM_TAP_WORKLET_SOURCE = `
class CardwirePcmTap extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.size = Math.max(128, (options.processorOptions && options.processorOptions.blockSamples) | 0);
    this.buf = new Float32Array(this.size);
    this.n = 0;
    this.running = true;
    this.port.onmessage = (e) => { if (e.data === "stop") this.running = false; };
  }
  process(inputs) {
    const input = inputs[0];
    const ch = input && input[0];
    if (ch) {
      let i = 0;
      while (i < ch.length) {
        const k = Math.min(ch.length - i, this.size - this.n);
        this.buf.set(ch.subarray(i, i + k), this.n);
        this.n += k;
        i += k;
        if (this.n === this.size) {
          this.port.postMessage(this.buf, [this.buf.buffer]);
          this.buf = new Float32Array(this.size);
          this.n = 0;
        }
      }
    }
    return this.running;
  }
}
registerProcessor(${JSON.stringify(PCM_TAP_PROCESSOR)}, CardwirePcmTap);
`;
