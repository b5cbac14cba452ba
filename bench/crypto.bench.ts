// EMV data and payments crypto: TLV decode of a DE 55, DUKPT key derivation at
// worst-case counters (10 one-bits TDES, 16 AES), PIN blocks, MACs, ARQC chain.
import { fromHex } from "../src/bytes/index.js";
import {
  acSessionKeyR,
  aesCmac,
  aesDukptInitialKey,
  aesDukptKey,
  aesKsn,
  deriveCommonSessionKey,
  deriveIccMasterKeyOptionA,
  encryptPinBlockIso4,
  generateArqc,
  retailMac,
  tdesDukptDecrypt,
  tdesIpek,
  tdesKsnWithCounter,
  tdesTransactionKey,
} from "../src/crypto/index.js";
import { decodeTlv, encodeTlv, toTlvInput } from "../src/emv/index.js";
import { opsPerSecond } from "./util.js";

const DE55 = fromHex(
  "9F2608C2A3F4E5D6B7A8C99F2701809F100706011203A400009F3704AABBCCDD9F3602001C950500000000009A032604109C01005F2A020840820219808407A00000000310109F02060000000050009F03060000000000009F1A0208409F3303E0B8C89F34031E0300",
);
const BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const KSN = fromHex("FFFF9876543210E00000");

export default async function bench() {
  const budget = 300;
  const ipek = tdesIpek(BDK, KSN);
  const worstTdes = tdesKsnWithCounter(KSN, 0x1ff800); // ten one-bits: ten NRKGP steps
  const ik = aesDukptInitialKey(fromHex("FEDCBA9876543210F1F1F1F1F1F1F1F1"), fromHex("1234567890123456"));
  const worstAes = aesKsn(fromHex("1234567890123456"), 0xffff0000); // sixteen one-bits
  const track = new Uint8Array(80).fill(0x35);
  const kb = new Uint8Array(1024).fill(0xa5);
  const decoded = decodeTlv(DE55);
  return {
    tlvDecodeDe55PerSec: opsPerSecond(() => void decodeTlv(DE55), budget).opsPerSec,
    tlvEncodeDe55PerSec: opsPerSecond(() => void encodeTlv(toTlvInput(decoded)), budget).opsPerSec,
    tdesDukptTransactionKey10BitsPerSec: opsPerSecond(() => void tdesTransactionKey(ipek, worstTdes), budget).opsPerSec,
    tdesDukptDecryptTrack80BytesFromBdkPerSec: opsPerSecond(
      () => void tdesDukptDecrypt(BDK, worstTdes, track, { variant: "data-request" }),
      budget,
    ).opsPerSec,
    aesDukptPinKey16BitsPerSec: opsPerSecond(() => void aesDukptKey(ik, worstAes, "pinEncryption", "aes128"), budget)
      .opsPerSec,
    iso4PinBlockEncryptPerSec: opsPerSecond(() => void encryptPinBlockIso4(ik, "1234", "4111111111111111"), budget)
      .opsPerSec,
    retailMac1KiBPerSec: opsPerSecond(() => void retailMac(BDK, kb), budget).opsPerSec,
    aesCmac1KiBPerSec: opsPerSecond(() => void aesCmac(ik, kb), budget).opsPerSec,
    emvMkSkArqcChainPerSec: opsPerSecond(() => {
      const mk = deriveIccMasterKeyOptionA(BDK, "4761739001010010", "01");
      const sk = deriveCommonSessionKey(mk, acSessionKeyR(fromHex("001C")));
      generateArqc(sk, DE55.subarray(0, 40));
    }, budget).opsPerSec,
  };
}
