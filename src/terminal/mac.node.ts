/**
 * A `MacProvider` over src/crypto (Node only): ISO 9797-1 MAC algorithm 3
 * with padding method 1 — the ANSI X9.19 retail MAC — under a double-length
 * TDES MAC key, full 8 bytes into DE 64/128 (b 64). The key is a static
 * terminal MAC key (MAK); production keys arrive under a terminal master key
 * or come from DUKPT's MAC variants, which this seam also accommodates.
 */
import { constantTimeEqual } from "../bytes/index.js";
import { retailMac } from "../crypto/iso9797.js";
import { type Key, keyBytes } from "../crypto/key.js";
import type { MacProvider } from "./host-link.js";

export function retailMacProvider(key: Uint8Array | Key): MacProvider {
  // Copy a raw key so the caller wiping theirs does not change ours; a Key keeps its own bytes.
  const k = key instanceof Uint8Array ? key.slice() : key;
  return {
    algorithm: "ISO 9797-1 MAC algorithm 3, padding 1 (X9.19 retail MAC), 8 bytes",
    async sign(data) {
      return retailMac(keyBytes(k), data, 8);
    },
    async verify(data, mac) {
      return constantTimeEqual(retailMac(keyBytes(k), data, 8), mac);
    },
  };
}
