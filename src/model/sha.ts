// Git SHA-1s as 20 bytes (GitHub's commit ids are 40 hex digits): half the memory of the text and
// no string object per commit.

/** Bytes of a binary SHA-1. */
export const SHA_BYTES = 20;

const FULL_SHA = /^[0-9a-fA-F]{40}$/;

/** Whether a SHA is a full 40-hex SHA-1. */
export function isFullSha(sha: string): boolean {
  return sha.length === 40 && FULL_SHA.test(sha);
}

/** The value of each ASCII hex digit (−1: not one): a table lookup is faster than comparisons. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let digit = 0; digit < 16; digit++) {
  HEX_VALUE[digit.toString(16).charCodeAt(0)] = digit;
  HEX_VALUE[digit.toString(16).toUpperCase().charCodeAt(0)] = digit;
}

/** Writes a full 40-hex SHA as 20 bytes at `offset`; false when it is not one (the bytes are then unspecified). */
export function writeSha(sha: string, bytes: Uint8Array, offset: number): boolean {
  if (sha.length !== 40) return false;
  for (let i = 0; i < SHA_BYTES; i++) {
    const a = sha.charCodeAt(2 * i);
    const b = sha.charCodeAt(2 * i + 1);
    if ((a | b) > 127) return false;
    const high = HEX_VALUE[a]!;
    const low = HEX_VALUE[b]!;
    if ((high | low) < 0) return false;
    bytes[offset + i] = (high << 4) | low;
  }
  return true;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** The lower-case 40-hex SHA of the 20 bytes at `offset`. */
export function readSha(bytes: Uint8Array, offset: number): string {
  let sha = "";
  for (let i = 0; i < SHA_BYTES; i++) sha += HEX_PAIRS[bytes[offset + i]!]!;
  return sha;
}
