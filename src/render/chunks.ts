// Renderers yield many small pieces (a row, a cell run); a sink wants fewer, larger writes. Pieces
// are joined into chunks of about CHUNK_SIZE characters, so a report of any size is written with
// a few chunks in memory at a time, never as one string (V8 caps a string at 2^29 - 24 characters).

/** Target chunk length in UTF-16 code units: large enough that per-write costs vanish, small next to any heap. */
export const CHUNK_SIZE = 64 * 1024;

/** Joins pieces into chunks of at least CHUNK_SIZE characters (the last may be shorter); no empty chunk. */
export function* inChunks(pieces: Iterable<string>, size = CHUNK_SIZE): Generator<string, void, undefined> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join("");
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join("");
}

/** The whole text of a chunked output: for tests, the library's `render` and small outputs only. */
export function joinChunks(chunks: Iterable<string>): string {
  let text = "";
  for (const chunk of chunks) text += chunk;
  return text;
}

/** A part of an output: one string, or pieces to write one after another. */
export type Pieces = string | Iterable<string>;

/** The parts' pieces with `separator` between two parts, as Array.prototype.join puts it. */
export function* joined(parts: Iterable<Pieces>, separator: string): Generator<string, void, undefined> {
  let first = true;
  for (const part of parts) {
    if (!first) yield separator;
    first = false;
    if (typeof part === "string") yield part;
    else yield* part;
  }
}

/** Each item mapped as it is read: rows are made one at a time, never all at once. */
export function* mapped<T, U>(items: Iterable<T>, map: (item: T, index: number) => U): Generator<U, void, undefined> {
  let index = 0;
  for (const item of items) yield map(item, index++);
}
