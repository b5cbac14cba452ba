/**
 * The audio reader's I/O side: WAV parsing, raw-PCM conversion with chunk
 * splits, and the whole Node stream path (bytes → Float32 → SwipeDecoder) as
 * a multiple of real time, plus peak RSS over a long continuous stream to
 * show memory stays flat in stream length.
 *
 *   npm run bench -- audio-io
 *   AUDIO_IO_STREAM_MINUTES=60 npm run bench -- audio-io   # the one-hour stream
 */
import { encodeInterleaved, PcmFrameAssembler } from "../drivers/audio/pcm.js";
import { decodePcmStream } from "../drivers/audio/stream.node.js";
import { synthesizeSwipe } from "../drivers/audio/synth/index.js";
import { encodeWav, parseWav } from "../drivers/audio/wav.js";
import { round } from "./util.js";

const RATE = 44100;
const TRACK1 = "%B4111111111111111^CARDWIRE/BENCH^3012101000000000000000?";

function timeIt(fn: () => void, minMs = 500): { msPerRun: number; runs: number } {
  fn();
  let runs = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    fn();
    runs++;
    now = performance.now();
  }
  return { msPerRun: (now - start) / runs, runs };
}

/** A swipe every `periodS` seconds: the same synthesized swipe padded with silence, as s16le bytes. */
function period(periodS: number): Uint8Array {
  const swipe = synthesizeSwipe({
    sampleRate: RATE,
    track: 1,
    data: TRACK1,
    speed: { from: 8, to: 18 },
    seed: 5,
    impairments: { levelDbfs: -12, noise: { snrDb: 30 } },
  });
  const pcm = new Float32Array(Math.round(periodS * RATE));
  pcm.set(swipe.subarray(0, Math.min(swipe.length, pcm.length)));
  // Keep the silence noisy (a real line is never digital zero) so the decoder's floor tracker works as in the field.
  for (let i = swipe.length; i < pcm.length; i++) pcm[i] = (((i * 2654435761) >>> 0) / 4294967296 - 0.5) * 0.001;
  return encodeInterleaved([pcm], "s16le");
}

export default async function bench(): Promise<Record<string, unknown>> {
  // 1. Whole stream path (first, so peak RSS is the stream's and not the parse buffers' below), bytes → outcomes, a swipe every 4 s.
  const minutes = Number(process.env.AUDIO_IO_STREAM_MINUTES ?? 5);
  const block = period(4);
  const periods = Math.round((minutes * 60) / 4);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let rssAtOneTenth = 0;
  async function* stream(): AsyncGenerator<Uint8Array> {
    for (let p = 0; p < periods; p++) {
      for (let o = 0; o < block.length; o += 8191) yield block.subarray(o, o + 8191);
      peakRss = Math.max(peakRss, process.memoryUsage().rss); // once per 4 s of audio
      if (p === Math.floor(periods / 10)) rssAtOneTenth = process.memoryUsage().rss;
    }
  }
  let swipes = 0;
  let other = 0;
  const t0 = performance.now();
  for await (const o of decodePcmStream(stream(), { sampleRate: RATE, format: "s16le" })) {
    if (o.kind === "swipe" && o.data === TRACK1) swipes++;
    else other++;
  }
  const streamMs = performance.now() - t0;
  const rssAtEnd = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rssAtEnd);
  const audioS = periods * 4;

  // 2. parseWav: 60 s of 16-bit mono and of 24-bit stereo.
  const minute = new Float32Array(60 * RATE);
  for (let i = 0; i < minute.length; i++) minute[i] = Math.sin(i / 7) * 0.5;
  const wav16 = encodeWav({ sampleRate: RATE, channels: [minute] }, { bitsPerSample: 16 });
  const wav24 = encodeWav({ sampleRate: RATE, channels: [minute, minute] }, { bitsPerSample: 24 });
  const p16 = timeIt(() => parseWav(wav16));
  const p24 = timeIt(() => parseWav(wav24, { channel: 1 }));

  // 3. Chunked raw-PCM conversion (odd chunk sizes force the carry path).
  const raw = encodeInterleaved([minute], "s16le");
  const conv = timeIt(() => {
    const a = new PcmFrameAssembler({ format: "s16le" });
    for (let o = 0; o < raw.length; o += 4095) a.push(raw.subarray(o, o + 4095));
  });

  return {
    parseWav16MonoMsPerMinuteOfAudio: round(p16.msPerRun, 3),
    parseWav16MonoRealTimeX: Math.round(60_000 / p16.msPerRun),
    parseWav24StereoOneChannelMsPerMinute: round(p24.msPerRun, 3),
    pcmChunkedS16MBPerSec: round(raw.length / 1e6 / (conv.msPerRun / 1000), 1),
    streamAudioSeconds: audioS,
    streamSwipesExpected: periods,
    streamSwipesDecoded: swipes,
    streamOtherOutcomes: other,
    streamRealTimeX: Math.round((audioS * 1000) / streamMs),
    streamRssBeforeMB: round(rssBefore / 1048576, 1),
    streamPeakRssMB: round(peakRss / 1048576, 1),
    streamRssGrowthMB: round((peakRss - rssBefore) / 1048576, 1),
    /** Flat in stream length: RSS at the end minus RSS a tenth of the way in. */
    streamRssLast90PctGrowthMB: round((rssAtEnd - rssAtOneTenth) / 1048576, 1),
  };
}
