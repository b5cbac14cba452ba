import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../../../drivers/audio/wav.js";
import { readWavFile, wavFileSource } from "../../../../drivers/audio/wav-file.node.js";
import { isCardwireError } from "../../../../src/errors/index.js";

const dir = mkdtempSync(join(tmpdir(), "cardwire-wavfile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const STEREO = join(dir, "stereo.wav");
writeFileSync(
  STEREO,
  encodeWav(
    { sampleRate: 16000, channels: [new Float32Array([0.5, 0.25, 0]), new Float32Array([-0.5, -0.25, 1])] },
    { bitsPerSample: 32, float: true },
  ),
);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return isCardwireError(e) ? e.code : `untyped: ${String(e)}`;
  }
}

describe("readWavFile / wavFileSource", () => {
  it("reads a file and picks a channel", async () => {
    const wav = await readWavFile(STEREO);
    expect(wav.channels.map((c) => [...c])).toEqual([
      [0.5, 0.25, 0],
      [-0.5, -0.25, 1],
    ]);
    const src = await wavFileSource(STEREO, { channel: 1, blockSamples: 2 });
    const blocks: number[][] = [];
    for await (const b of src.blocks) blocks.push([...b]);
    expect(blocks).toEqual([[-0.5, -0.25], [1]]);
    expect([src.sampleRate, src.label]).toEqual([16000, STEREO]);
  });

  it("typed errors: missing file, a directory, over the size cap (checked before reading)", async () => {
    expect(await codeOf(readWavFile(join(dir, "missing.wav")))).toBe("audio.wav_file");
    expect(await codeOf(readWavFile(dir))).toBe("audio.wav_file");
    expect(await codeOf(readWavFile(STEREO, { maxBytes: 10 }))).toBe("audio.wav_too_large");
    expect(await codeOf(wavFileSource(STEREO, { channel: 2 }))).toBe("audio.wav_channel");
  });
});
