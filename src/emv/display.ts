/**
 * Masked, human-readable view of decoded EMV data for logs, CLIs and the ISO
 * 8583 pretty-printer (STYLE.md habit 7). PANs keep first 6 / last 4; track,
 * name and cryptogram values are hidden unless the caller opts in.
 */
import { toHex } from "../bytes/index.js";
import { tagInfo } from "./tags.js";
import { tagHex } from "./tag-codec.js";
import type { Tlv } from "./tlv.js";

export interface TlvView {
  readonly tag: string;
  readonly name: string;
  readonly length: number;
  /** Hex (or masked hex) of a primitive value; absent for constructed objects. */
  readonly value?: string;
  readonly children?: readonly TlvView[];
}

export interface DescribeOptions {
  /** Show cryptograms (9F26, 91) in clear; PAN, track and name data are always masked. */
  readonly showCryptograms?: boolean;
}

/** First 6 and last 4 digits of a PAN-bearing hex value, padding F dropped. */
function maskPanDigits(hex: string): string {
  const digits = hex.replace(/F+$/, "");
  if (digits.length <= 10) return "*".repeat(digits.length);
  return `${digits.slice(0, 6)}${"*".repeat(digits.length - 10)}${digits.slice(-4)}`;
}

function maskValue(t: Tlv, options: DescribeOptions): string {
  const hex = toHex(t.value);
  switch (tagInfo(t.tag)?.sensitivity ?? "none") {
    case "pan":
      return maskPanDigits(hex);
    case "track": {
      // Track 2 equivalent: PAN then separator D; show only the masked PAN.
      const sep = hex.indexOf("D");
      return sep > 0 ? `${maskPanDigits(hex.slice(0, sep))}D…(${t.length} bytes)` : `…(${t.length} bytes)`;
    }
    case "personal":
      return `…(${t.length} bytes)`;
    case "cryptogram":
      return options.showCryptograms ? hex : "*".repeat(hex.length);
    default:
      return hex;
  }
}

/** A masked view of decoded TLV objects, order kept. */
export function describeTlv(items: readonly Tlv[], options: DescribeOptions = {}): TlvView[] {
  return items.map((t) => {
    const base = { tag: tagHex(t.tag), name: tagInfo(t.tag)?.name ?? "Unknown", length: t.length };
    return t.children !== undefined
      ? { ...base, children: describeTlv(t.children, options) }
      : { ...base, value: maskValue(t, options) };
  });
}

/** One line per object, indented by depth: `9F02 Amount, Authorised (6) 000000005000`. */
export function formatTlv(items: readonly Tlv[], options: DescribeOptions = {}): string {
  const lines: string[] = [];
  const walk = (views: readonly TlvView[], indent: string): void => {
    for (const v of views) {
      lines.push(`${indent}${v.tag} ${v.name} (${v.length})${v.value !== undefined ? ` ${v.value}` : ""}`);
      if (v.children) walk(v.children, `${indent}  `);
    }
  };
  walk(describeTlv(items, options), "");
  return lines.join("\n");
}
