// Baseline: cost of constructing and serializing a typed error (errors are on bad-input paths).
import { BytesError, BytesErrorCodes } from "../src/bytes/index.js";
import { opsPerSecond } from "./util.js";

export default async function bench() {
  const r = opsPerSecond(() => {
    new BytesError(BytesErrorCodes.hex, "not a hex digit at offset 3", { offset: 3 }).toJSON();
  }, 300);
  return { typedErrorCreateAndSerializePerSec: r.opsPerSec };
}
