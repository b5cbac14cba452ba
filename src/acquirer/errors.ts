/** Errors of the acquirer simulator: configuration, ledger and server problems. */
import { errorFamily } from "../errors/index.js";

const family = errorFamily("AcquirerError", {
  config: ["acquirer.config", "config"],
  rules: ["acquirer.rules", "config"],
  ledger: ["acquirer.ledger", "transport"],
  listen: ["acquirer.listen", "transport"],
});
export const AcquirerErrorCodes = family.codes;
export type AcquirerErrorCode = (typeof AcquirerErrorCodes)[keyof typeof AcquirerErrorCodes];

export class AcquirerError extends family.Base {}
