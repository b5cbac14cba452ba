/**
 * The browser microphone as a PCM source: getUserMedia with the phone/OS
 * "voice" processing turned off, and an AudioWorklet tap (see worklet.ts for
 * why the decoder runs on the main thread).
 *
 * Echo cancellation, noise suppression and auto gain are each fatal to a
 * magnetic-head signal: the first two treat the pulse train as noise to be
 * removed, AGC pumps the level between pulses. Media Capture and Streams
 * §4.3.8 names the three constraints; browsers apply them best-effort, so the
 * settings actually in force are returned for the app to check.
 */
import { AudioError, AudioErrorCodes } from "../errors.js";
import { DEFAULT_BLOCK_SAMPLES, type PcmSource } from "../pcm.js";
import { PCM_TAP_PROCESSOR, PCM_TAP_WORKLET_SOURCE } from "./worklet.js";

export interface MicrophoneOptions {
  /** A `deviceId` from `navigator.mediaDevices.enumerateDevices()` (e.g. the headset jack). */
  readonly deviceId?: string;
  /** Samples per block posted from the worklet (default 4096 ≈ 93 ms at 44.1 kHz). */
  readonly blockSamples?: number;
  /** Blocks buffered while the consumer is busy; past it the oldest are dropped (default 64 ≈ 6 s). */
  readonly maxQueuedBlocks?: number;
}

export interface MicrophoneSource extends PcmSource {
  /** The track's settings in force: check `echoCancellation` etc. really are false. */
  readonly settings: MediaTrackSettings;
  /** Blocks dropped because the consumer fell behind. */
  readonly dropped: () => number;
}

/** The decoder accepts 8–48 kHz; a context above that is re-created at 48 kHz (the browser resamples). */
const MAX_DECODER_RATE = 48_000;

export const MICROPHONE_CONSTRAINTS = {
  echoCancellation: false,
  noiseSuppression: false,
  autoGainControl: false,
  channelCount: 1,
} as const satisfies MediaTrackConstraints;

function sourceError(message: string, cause?: unknown): AudioError {
  return new AudioError(AudioErrorCodes.source, message, {
    command: "openMicrophone",
    ...(cause !== undefined && { cause }),
  });
}

/**
 * Opens the microphone. Call it from a user gesture (a click): browsers keep
 * an AudioContext suspended until one. Throws `audio.source` when there is no
 * getUserMedia/AudioWorklet (insecure context, old browser) or permission is
 * refused.
 */
export async function openMicrophone(options: MicrophoneOptions = {}): Promise<MicrophoneSource> {
  const media = globalThis.navigator?.mediaDevices;
  if (typeof media?.getUserMedia !== "function" || typeof globalThis.AudioWorkletNode !== "function") {
    throw sourceError("getUserMedia or AudioWorklet is unavailable (needs a secure context: https or localhost)");
  }
  let stream: MediaStream;
  try {
    stream = await media.getUserMedia({
      audio: {
        ...MICROPHONE_CONSTRAINTS,
        ...(options.deviceId !== undefined && { deviceId: { exact: options.deviceId } }),
      },
    });
  } catch (e) {
    throw sourceError(`microphone refused: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, e);
  }
  const track = stream.getAudioTracks()[0];
  const stopTracks = () => {
    for (const t of stream.getTracks()) t.stop();
  };
  if (track === undefined) {
    stopTracks();
    throw sourceError("getUserMedia returned no audio track");
  }
  let ctx: AudioContext;
  try {
    ctx = new AudioContext();
    if (ctx.sampleRate > MAX_DECODER_RATE) {
      await ctx.close();
      ctx = new AudioContext({ sampleRate: MAX_DECODER_RATE });
    }
  } catch (e) {
    stopTracks();
    throw sourceError(`cannot create an AudioContext: ${e instanceof Error ? e.message : String(e)}`, e);
  }
  const blockSamples = Math.max(128, Math.floor(options.blockSamples ?? DEFAULT_BLOCK_SAMPLES));
  const url = URL.createObjectURL(new Blob([PCM_TAP_WORKLET_SOURCE], { type: "text/javascript" }));
  let node: AudioWorkletNode;
  let input: MediaStreamAudioSourceNode;
  try {
    await ctx.audioWorklet.addModule(url);
    input = ctx.createMediaStreamSource(stream);
    node = new AudioWorkletNode(ctx, PCM_TAP_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      channelCount: 1,
      channelCountMode: "explicit", // a stereo device is down-mixed (Web Audio §4.4 "speakers" rules)
      channelInterpretation: "speakers",
      processorOptions: { blockSamples },
    });
  } catch (e) {
    stopTracks();
    await ctx.close().catch(() => undefined);
    throw sourceError(`cannot start the audio worklet: ${e instanceof Error ? e.message : String(e)}`, e);
  } finally {
    URL.revokeObjectURL(url);
  }
  input.connect(node);
  // The node writes silence; connecting it to the destination keeps the graph pulling it in every browser.
  node.connect(ctx.destination);
  if (ctx.state === "suspended") void ctx.resume().catch(() => undefined);

  const queue = new BlockQueue(Math.max(1, options.maxQueuedBlocks ?? 64));
  node.port.onmessage = (e: MessageEvent<Float32Array>) => queue.push(e.data);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    node.port.postMessage("stop");
    node.port.onmessage = null;
    input.disconnect();
    node.disconnect();
    stopTracks();
    queue.end();
    await ctx.close().catch(() => undefined);
  };
  track.addEventListener("ended", () => {
    if (!closed) queue.fail(sourceError("the microphone track ended (device unplugged or permission revoked)"));
    void close();
  });
  return {
    sampleRate: ctx.sampleRate,
    blocks: queue,
    close,
    label: track.label || "microphone",
    settings: track.getSettings(),
    dropped: () => queue.dropped,
  };
}

/** A bounded single-consumer queue exposed as an AsyncIterable. */
class BlockQueue implements AsyncIterable<Float32Array> {
  dropped = 0;
  private readonly items: Float32Array[] = [];
  private waiter: ((r: IteratorResult<Float32Array, undefined>) => void) | undefined;
  private rejecter: ((e: unknown) => void) | undefined;
  private done = false;
  private error: unknown;

  constructor(private readonly cap: number) {}

  push(block: Float32Array): void {
    if (this.done) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = this.rejecter = undefined;
      w({ value: block, done: false });
      return;
    }
    if (this.items.length >= this.cap) {
      this.items.shift();
      this.dropped++;
    }
    this.items.push(block);
  }

  end(): void {
    this.done = true;
    const w = this.waiter;
    this.waiter = this.rejecter = undefined;
    w?.({ value: undefined, done: true });
  }

  fail(error: unknown): void {
    this.error = error;
    this.done = true;
    const r = this.rejecter;
    this.waiter = this.rejecter = undefined;
    r?.(error);
  }

  [Symbol.asyncIterator](): AsyncIterator<Float32Array, undefined> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.error !== undefined) return Promise.reject(this.error);
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiter = resolve;
          this.rejecter = reject;
        });
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
