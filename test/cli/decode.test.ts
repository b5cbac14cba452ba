import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeSwipe } from "../../drivers/audio/synth/index.js";
import { encodeInterleaved } from "../../drivers/audio/pcm.js";
import { encodeWav } from "../../drivers/audio/wav.js";
import type { CliIO } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run.js";

const REPO = resolve(new URL("../../", import.meta.url).pathname);
const VISA = "fixtures/audio/visa-track1-44k1-s16.wav";
const TWO = "fixtures/audio/two-swipes-44k1-s16.wav";
const STEREO = "fixtures/audio/mc-track2-reverse-48k-s24-stereo-right.wav";
const NOISE = "fixtures/audio/noise-only-44k1-s16.wav";

const dir = mkdtempSync(join(tmpdir(), "cardwire-decode-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOT_WAV = join(dir, "notes.txt");
writeFileSync(NOT_WAV, "not audio at all");
const MULAW = join(dir, "mulaw.wav");
{
  const wav = encodeWav({ sampleRate: 8000, channels: [new Float32Array(100)] }, { bitsPerSample: 16 });
  new DataView(wav.buffer).setUint16(20, 7, true); // format tag → WAVE_FORMAT_MULAW
  writeFileSync(MULAW, wav);
}

const HIRES = join(dir, "hires-96k.wav");
writeFileSync(
  HIRES,
  encodeWav(
    {
      sampleRate: 96000,
      channels: [
        synthesizeSwipe({
          sampleRate: 96000,
          track: 2,
          data: ";5555555555554444=29122011234000000000?",
          speed: 12,
          seed: 9,
        }),
      ],
    },
    { bitsPerSample: 32, float: true },
  ),
);

const RAW_SWIPE = synthesizeSwipe({
  sampleRate: 44100,
  track: 1,
  data: "%B4111111111111111^CARDWIRE/TEST^3012101000000000000000?",
  speed: 10,
  seed: 10,
});
const RAW = join(dir, "capture.s16le");
writeFileSync(RAW, encodeInterleaved([RAW_SWIPE], "s16le"));
const RAW_STEREO = join(dir, "capture-stereo.f32le");
writeFileSync(RAW_STEREO, encodeInterleaved([new Float32Array(RAW_SWIPE.length), RAW_SWIPE], "f32le"));

async function run(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: REPO, env: {} };
  const code = await runCli(["decode", ...argv], io);
  return { code, out, err };
}

describe("cardwire decode (in-process)", () => {
  it("--json: one object per file per line, masked by default", async () => {
    const r = await run("--json", VISA, TWO, NOISE);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(3);
    const [visa, two, noise] = r.out.map((l) => JSON.parse(l));
    expect(visa.file).toBe(VISA);
    expect(visa.error).toBeUndefined();
    expect(visa.swipes).toHaveLength(1);
    expect(visa.swipes[0]).toMatchObject({
      track: 1,
      data: "%B411111******1111^CARDWIRE/TEST^3012101***************?",
      direction: "forward",
      card: { pan: "411111******1111", brand: "visa", expiry: "3012" },
    });
    expect(typeof visa.swipes[0].speedIps).toBe("number");
    expect(two.swipes.map((s: { track: number; direction: string }) => [s.track, s.direction])).toEqual([
      [2, "forward"],
      [1, "reverse"],
    ]);
    expect(noise).toMatchObject({ file: NOISE, swipes: [] });
    for (const line of r.out) expect(line).not.toMatch(/4111111111111111|5555555555554444/);
  });

  it("--reveal prints full track data", async () => {
    const r = await run("--json", "--reveal", VISA);
    expect(JSON.parse(r.out[0] as string).swipes[0].data).toBe(
      "%B4111111111111111^CARDWIRE/TEST^3012101000000000000000?",
    );
  });

  it("--channel picks the channel of a stereo recording", async () => {
    const left = JSON.parse((await run("--json", STEREO)).out[0] as string);
    const right = JSON.parse((await run("--json", "--channel", "1", STEREO)).out[0] as string);
    expect(left.swipes).toEqual([]);
    expect(right.swipes[0]).toMatchObject({ track: 2, direction: "reverse", card: { pan: "555555******4444" } });
    const missing = await run("--json", "--channel", "5", STEREO);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out[0] as string).error.code).toBe("audio.wav_channel");
  });

  it("a 96 kHz recording is decimated, times stay in seconds", async () => {
    const r = await run("--json", HIRES);
    const line = JSON.parse(r.out[0] as string);
    expect(line.sampleRate).toBe(96000);
    expect(line.swipes[0]).toMatchObject({ track: 2, card: { pan: "555555******4444" } });
    expect(line.swipes[0].startSec).toBeGreaterThan(0.2);
    expect(line.swipes[0].startSec).toBeLessThan(0.4);
  });

  it("unreadable files get an error object, the others still decode; exit 1", async () => {
    const r = await run("--json", NOT_WAV, VISA, MULAW, "missing.wav");
    expect(r.code).toBe(1);
    const lines = r.out.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([NOT_WAV, VISA, MULAW, "missing.wav"]);
    expect(lines.map((l) => l.error?.code)).toEqual([
      "audio.wav_header",
      undefined,
      "audio.wav_unsupported",
      "audio.wav_file",
    ]);
    expect(lines[2].error.message).toMatch(/0x0007 \(MULAW\)/);
    expect(lines[1].swipes).toHaveLength(1);
  });

  it("text mode: one line per file", async () => {
    const r = await run(VISA, NOISE, NOT_WAV);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(3);
    expect(r.out[0]).toMatch(/^fixtures\/audio\/visa-track1-44k1-s16\.wav: 1 swipe — track 1 %B411111\*{6}1111\^/);
    expect(r.out[0]).toContain("visa 411111******1111 exp 3012");
    expect(r.out[1]).toBe(`${NOISE}: 0 swipes`);
    expect(r.out[2]).toMatch(/error audio\.wav_header/);
  });

  it("raw PCM files with --format/--rate (as arecord/sox -t raw write them)", async () => {
    const mono = JSON.parse((await run("--json", "--format", "s16le", "--rate", "44100", RAW)).out[0] as string);
    expect(mono).toMatchObject({
      file: RAW,
      sampleRate: 44100,
      swipes: [{ track: 1, card: { pan: "411111******1111" } }],
    });
    expect(mono.durationSec).toBeCloseTo(RAW_SWIPE.length / 44100, 2);
    const stereo = await run(
      "--json",
      "--format",
      "f32le",
      "--rate",
      "44100",
      "--channels",
      "2",
      "--channel",
      "1",
      RAW_STEREO,
    );
    expect(JSON.parse(stereo.out[0] as string).swipes[0].card.pan).toBe("411111******1111");
    const missing = await run("--json", "--format", "s16le", "--rate", "44100", "nope.raw");
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.out[0] as string).error).toMatchObject({
      code: "audio.wav_file",
      message: expect.stringContaining("ENOENT"),
    });
  });

  it("bad arguments exit 2 with one line on stderr", async () => {
    for (const argv of [
      [],
      ["--channel", "left", VISA],
      ["--bogus", VISA],
      ["--format", "s16le", RAW],
      ["--format", "s16le", "--rate", "1000", RAW],
      ["--format", "s17le", "--rate", "44100", RAW],
      ["--rate", "44100", VISA],
      ["--format", "s16le", "--rate", "44100", "--channel", "1", RAW],
      ["-", "-"],
    ]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
      expect(r.out).toEqual([]);
    }
  });
});

describe("cardwire decode (the real binary through tsx)", () => {
  const tsx = join(REPO, "node_modules/.bin/tsx");
  const bin = (...argv: string[]) =>
    spawnSync(tsx, ["src/cli/main.ts", "decode", ...argv], { cwd: REPO, encoding: "utf8", timeout: 60_000 });

  it("exit codes 0 / 1 / 2 and JSON lines on stdout", () => {
    const ok = bin("--json", VISA);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout.trim()).swipes[0].card.pan).toBe("411111******1111");
    const bad = bin("--json", VISA, NOT_WAV);
    expect(bad.status).toBe(1);
    expect(bad.stdout.trim().split("\n")).toHaveLength(2);
    const usage = bin("--channel");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--channel needs a value/);
  });

  it("reads raw PCM and WAV from standard input (the arecord pipe)", () => {
    const raw = spawnSync(tsx, ["src/cli/main.ts", "decode", "--json", "--format", "s16le", "--rate", "44100", "-"], {
      cwd: REPO,
      encoding: "utf8",
      input: encodeInterleaved([RAW_SWIPE], "s16le"),
      timeout: 60_000,
    });
    expect(raw.status).toBe(0);
    expect(JSON.parse(raw.stdout.trim())).toMatchObject({ file: "-", swipes: [{ card: { pan: "411111******1111" } }] });
    const wav = spawnSync(tsx, ["src/cli/main.ts", "decode", "-"], {
      cwd: REPO,
      encoding: "utf8",
      input: encodeWav({ sampleRate: 44100, channels: [RAW_SWIPE] }),
      timeout: 60_000,
    });
    expect(wav.status).toBe(0);
    expect(wav.stdout).toMatch(/^-: 1 swipe — track 1 %B411111\*{6}1111/);
  });
});
