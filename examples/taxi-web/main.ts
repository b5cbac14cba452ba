/**
 * A taxi's fare screen: shows what the card reader does, card numbers masked.
 * Browser entry only (`cardwire`): no Node built-in reaches this bundle.
 *
 * Three readers, one event stream shape:
 *   - SimulatedReader: buttons stand in for a card through the slot;
 *   - AudioJackReader over a synthetic swipe: the selected test card is
 *     rendered as a magnetic-head signal and decoded by the real F2F decoder
 *     in the page (no hardware, no permission prompt);
 *   - AudioJackReader over the microphone: a head reader in the headset jack.
 *
 * The page never shows or stores a full PAN: it prints `card.maskedPan`, and
 * every log line goes through `redactCardData` as a second guard.
 */
import {
  AudioJackReader,
  openMicrophone,
  pcmSourceFromSamples,
  type Reader,
  type ReaderEvent,
  redactCardData,
  SimulatedReader,
  synthesizeSwipe,
  TEST_CARDS,
  testCard,
  testCardTracks,
} from "cardwire";

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page is missing #${id}`);
  return el as T;
};

const stateEl = $<HTMLSpanElement>("state");
const cardEl = $<HTMLOutputElement>("card");
const eventsEl = $<HTMLOListElement>("events");
const cardSelect = $<HTMLSelectElement>("test-card");
const connectBtn = $<HTMLButtonElement>("connect");
const swipeBtn = $<HTMLButtonElement>("swipe");
const badSwipeBtn = $<HTMLButtonElement>("bad-swipe");
const audioTestBtn = $<HTMLButtonElement>("audio-test");
const micBtn = $<HTMLButtonElement>("mic");

for (const c of TEST_CARDS) cardSelect.add(new Option(`${c.id} — ${c.description}`, c.id));

function log(text: string): void {
  const li = document.createElement("li");
  li.textContent = `${new Date().toLocaleTimeString()} ${redactCardData(text)}`;
  eventsEl.prepend(li);
}

/** One renderer for every reader: the event stream is the same whatever the hardware. */
function show(e: ReaderEvent): void {
  switch (e.type) {
    case "status":
      stateEl.textContent = `${e.state}${e.reason ? ` (${e.reason})` : ""}`;
      log(`[${e.readerId}] ${e.state}${e.prompt ? `: ${e.prompt}` : ""}`);
      break;
    case "swipe":
    case "chip":
    case "tap": {
      const c = e.card;
      const expiry = c?.expiry ? ` exp ${String(c.expiry.month).padStart(2, "0")}/${c.expiry.yymm.slice(0, 2)}` : "";
      cardEl.textContent = c ? `${c.brand.toUpperCase()} ${c.maskedPan}${expiry}` : "encrypted card data";
      log(`[${e.readerId}] ${e.type}: ${c ? `${c.brand} ${c.maskedPan}` : "encrypted"}`);
      break;
    }
    case "read_failed":
      cardEl.textContent = e.hint;
      log(`[${e.readerId}] read failed (${e.reason}): ${e.hint}`);
      break;
    case "battery":
      log(`[${e.readerId}] battery ${e.percent}%`);
      break;
    case "error":
      log(`[${e.readerId}] error ${e.error.code}: ${e.error.message}`);
      break;
  }
}

function watch(reader: Reader): Reader {
  reader.on("*", show);
  return reader;
}

const simulated = watch(new SimulatedReader({ id: "simulated" })) as SimulatedReader;

connectBtn.addEventListener("click", async () => {
  connectBtn.disabled = true;
  await simulated.connect();
  swipeBtn.disabled = false;
  badSwipeBtn.disabled = false;
});
swipeBtn.addEventListener("click", () => {
  simulated.swipe(testCard(cardSelect.value));
});
badSwipeBtn.addEventListener("click", () => {
  // A mis-read: the check digit is wrong, so the reader reports read_failed instead of a card.
  simulated.swipe({ track2: ";4111111111111112=3012101?" });
});

/** Audio readers end with their source; only one runs at a time. */
let audio: AudioJackReader | undefined;
async function startAudio(reader: AudioJackReader): Promise<void> {
  await audio?.disconnect();
  audio = watch(reader) as AudioJackReader;
  try {
    await audio.connect();
  } catch (e) {
    log(`audio reader: ${e instanceof Error ? e.message : String(e)}`);
  }
}

audioTestBtn.addEventListener("click", () => {
  // 44.1 kHz is what a phone's jack delivers; 8→14 inches per second is a brisk hand swipe.
  const sampleRate = 44_100;
  const samples = synthesizeSwipe({
    sampleRate,
    track: 1,
    data: testCardTracks(testCard(cardSelect.value)).track1,
    speed: { from: 8, to: 14 },
    seed: 7,
  });
  void startAudio(
    new AudioJackReader({
      id: "audio-synthetic",
      source: pcmSourceFromSamples(samples, sampleRate, { label: "synthetic" }),
    }),
  );
});

micBtn.addEventListener("click", () => {
  // openMicrophone must run inside this click: browsers start audio only after a user gesture.
  void startAudio(new AudioJackReader({ id: "audio-jack", source: () => openMicrophone() }));
});
