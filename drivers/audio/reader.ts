/**
 * `AudioJackReader`: a bare magnetic head on an audio input, as a `Reader`.
 *
 * It takes any `PcmSource` (a WAV file, a Node stream, the browser
 * microphone), runs the streaming `SwipeDecoder` over its blocks and
 * publishes `swipe` and `read_failed` events. A finite source that ends moves
 * the reader to `disconnected` with reason `end_of_stream`; a source that
 * fails (microphone unplugged: `audio.source`) ends with `device_gone`, any
 * other failure with `error`.
 *
 * Give a source factory instead of a source when the reader may connect more
 * than once (auto-reconnect, connect after disconnect): a source is consumed
 * by one connection.
 */
import { BaseReader, type BaseReaderOptions, READ_FAILURE_HINTS } from "../../src/reader/index.js";
import type { DisconnectReason } from "../../src/reader/types.js";
import { isCardwireError } from "../../src/errors/index.js";
import { type DecodedSwipe, type SwipeFailure, SwipeDecoder, type SwipeOutcome } from "./decoder/index.js";
import { AudioError, AudioErrorCodes } from "./errors.js";
import { decimateSource, type PcmSource } from "./pcm.js";

export type PcmSourceOpener = (signal: AbortSignal) => Promise<PcmSource>;

export interface AudioJackReaderOptions extends Omit<BaseReaderOptions, "id"> {
  /** Default `audio-jack`. */
  readonly id?: string;
  readonly source: PcmSource | PcmSourceOpener;
}

let sourceGeneration = 0;

export class AudioJackReader extends BaseReader {
  readonly kind = "audio";
  private readonly opener: PcmSource | PcmSourceOpener;
  private openedOnce = false;
  private source: PcmSource | undefined;
  private iterator: AsyncIterator<Float32Array> | undefined;
  private generation = 0;

  constructor(options: AudioJackReaderOptions) {
    super({ ...options, id: options.id ?? "audio-jack", readyPrompt: options.readyPrompt ?? "Swipe card" });
    this.opener = options.source;
  }

  /** The sample rate of the current source (undefined before connect). */
  get sampleRate(): number | undefined {
    return this.source?.sampleRate;
  }

  protected async doConnect(signal: AbortSignal): Promise<void> {
    let raw: PcmSource;
    if (typeof this.opener === "function") raw = await this.opener(signal);
    else {
      if (this.openedOnce) {
        throw new AudioError(
          AudioErrorCodes.state,
          "this PcmSource was consumed by an earlier connection: pass a source factory to reconnect",
          { command: "connect" },
        );
      }
      raw = this.opener;
    }
    this.openedOnce = true;
    // Studio rates (96, 192 kHz) are decimated to what the decoder takes; below 8 kHz the decoder refuses.
    const source = decimateSource(raw);
    let decoder: SwipeDecoder;
    try {
      if (signal.aborted) throw signal.reason;
      decoder = new SwipeDecoder({ sampleRate: source.sampleRate });
    } catch (e) {
      await source.close?.();
      throw e;
    }
    this.source = source;
    this.iterator = source.blocks[Symbol.asyncIterator]();
    sourceGeneration += 1;
    this.generation = sourceGeneration;
    void this.pump(this.iterator, decoder, this.generation);
  }

  protected async doDisconnect(): Promise<void> {
    this.generation = 0;
    const source = this.source;
    const it = this.iterator;
    this.source = this.iterator = undefined;
    await source?.close?.();
    // Not awaited: a generator blocked on a stream that never yields again would hold disconnect() forever.
    void it?.return?.()?.catch(() => undefined);
  }

  private live(generation: number): boolean {
    return generation === this.generation;
  }

  /** Resolves true once the reader is ready (the base moves there after doConnect resolves), false if it never gets there. */
  private whenReady(generation: number): Promise<boolean> {
    if (this.state === "ready") return Promise.resolve(true);
    return new Promise((resolve) => {
      const off = this.on("status", (e) => {
        if (e.state === "ready" || e.state === "disconnected") {
          off();
          resolve(e.state === "ready" && this.live(generation));
        }
      });
    });
  }

  private async pump(it: AsyncIterator<Float32Array>, decoder: SwipeDecoder, generation: number): Promise<void> {
    try {
      if (!(await this.whenReady(generation))) return;
      for (;;) {
        const r = await it.next();
        if (!this.live(generation)) return;
        if (r.done) break;
        this.deliver(decoder.push(r.value));
      }
      this.deliver(decoder.flush());
      this.generation = 0;
      this.source = this.iterator = undefined;
      this.linkLost("end_of_stream");
    } catch (e) {
      if (!this.live(generation)) return;
      this.generation = 0;
      const source = this.source;
      this.source = this.iterator = undefined;
      await source?.close?.();
      const reason: DisconnectReason = isCardwireError(e, AudioErrorCodes.source) ? "device_gone" : "error";
      this.linkLost(reason, e);
    }
  }

  private deliver(outcomes: readonly SwipeOutcome[]): void {
    for (const o of outcomes) {
      if (this.state !== "ready") return;
      this.beginRead();
      if (o.kind === "swipe") this.emitSwipe(o);
      else this.emitFailure(o);
      this.endRead();
    }
  }

  private emitSwipe(s: DecodedSwipe): void {
    const key = s.track === 1 ? "track1" : s.track === 2 ? "track2" : "track3";
    this.emitEvent({
      type: "swipe",
      ...(s.card !== undefined && { card: s.card }),
      tracks: { [key]: s.data },
      details: {
        track: s.track,
        direction: s.direction,
        speedIps: s.speedIps,
        snrDb: s.quality.snrDb,
        margin: s.quality.margin,
        corrected: s.corrected,
        startSample: s.startSample,
        endSample: s.endSample,
        sampleRate: this.source?.sampleRate ?? 0,
      },
    });
  }

  private emitFailure(f: SwipeFailure): void {
    this.emitEvent({
      type: "read_failed",
      method: "swipe",
      reason: f.reason,
      hint: READ_FAILURE_HINTS[f.reason],
      details: {
        ...(f.track !== undefined && { track: f.track }),
        detail: f.detail,
        startSample: f.startSample,
        endSample: f.endSample,
      },
    });
  }
}
