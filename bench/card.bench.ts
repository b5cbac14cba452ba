// Card layer throughput: Track 2 parse alone, and the full swipe path (Track 1 + Track 2 → cardFromTracks).
import { cardFromTracks, maskTrack, parseTrack2, TEST_CARDS, testCardTracks } from "../src/card/index.js";
import { opsPerSecond } from "./util.js";

export default async function bench() {
  const tracks = TEST_CARDS.map(testCardTracks);
  let i = 0;
  const next = () => tracks[i++ % tracks.length]!;
  const parse = opsPerSecond(() => {
    parseTrack2(next().track2);
  });
  const track2Card = opsPerSecond(() => {
    cardFromTracks({ track2: next().track2 });
  });
  const bothTracks = opsPerSecond(() => {
    cardFromTracks(next());
  });
  const mask = opsPerSecond(() => {
    const t = next();
    maskTrack(t.track1 + t.track2);
  }, 500);
  return {
    track2ParsePerSec: parse.opsPerSec,
    track2CardFromTracksPerSec: track2Card.opsPerSec,
    track1And2CardFromTracksPerSec: bothTracks.opsPerSec,
    maskTrackPerSec: mask.opsPerSec,
    cards: tracks.length,
  };
}
