/**
 * NEO 2 response status codes (IDG "status codes" table), as data. The
 * status byte takes the sub-command's place in a response frame.
 */

export interface Neo2StatusInfo {
  readonly code: number;
  readonly name: string;
  readonly meaning: string;
}

export const NEO2_STATUS = [
  { code: 0x00, name: "ok", meaning: "command accepted and completed" },
  { code: 0x01, name: "bad_header", meaning: "the reader did not recognise the frame header" },
  { code: 0x02, name: "unknown_command", meaning: "command byte not known to this firmware" },
  { code: 0x03, name: "unknown_sub_command", meaning: "sub-command byte not known for this command" },
  { code: 0x04, name: "crc_error", meaning: "the reader computed a different CRC for the frame" },
  { code: 0x05, name: "bad_parameter", meaning: "a parameter value is invalid" },
  { code: 0x06, name: "parameter_not_supported", meaning: "the parameter is valid but not supported" },
  { code: 0x07, name: "malformed_data", meaning: "the data field could not be parsed" },
  { code: 0x08, name: "timeout", meaning: "the operation timed out (e.g. no card presented)" },
  { code: 0x0a, name: "failed", meaning: "the command failed (NACK)" },
  { code: 0x0b, name: "command_not_allowed", meaning: "the command is not allowed in the current state" },
  { code: 0x0c, name: "sub_command_not_allowed", meaning: "the sub-command is not allowed in the current state" },
  { code: 0x0d, name: "buffer_overflow", meaning: "the data did not fit the reader's buffer" },
  { code: 0x0e, name: "user_interface_event", meaning: "asynchronous user-interface event (LCD, LED, buzzer)" },
  { code: 0x23, name: "request_online_authorization", meaning: "the card asks for online authorization" },
] as const satisfies readonly Neo2StatusInfo[];

export type Neo2StatusName = (typeof NEO2_STATUS)[number]["name"];

const BY_CODE: ReadonlyMap<number, Neo2StatusInfo> = (() => {
  const m = new Map<number, Neo2StatusInfo>();
  for (const row of NEO2_STATUS) {
    if (m.has(row.code)) throw new Error(`NEO2_STATUS: code ${row.code} listed twice`);
    m.set(row.code, row);
  }
  return m;
})();

/** The table row for a status byte, or `undefined` for a code the IDG does not list. */
export function neo2Status(code: number): Neo2StatusInfo | undefined {
  return BY_CODE.get(code);
}
