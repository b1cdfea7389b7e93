import { createHash } from "node:crypto";

/** A UUID (version-5 layout) derived from the SHA-1 of `key`: the same key always gives the same id. */
export function demoId(key: string): string {
  const hex = createHash("sha1").update(`planboard-demo:${key}`).digest("hex");
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `5${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join("-");
}
