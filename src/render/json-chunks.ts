// JSON written piece by piece, byte for byte what `JSON.stringify(ordered, null, 2)` returns for the
// same value with its keys put in a contract's order. A report can be larger than V8's largest
// string (5,000 services × daily buckets), so no step builds the whole text or an ordered copy of
// the whole document: small subtrees go through the native JSON.stringify (fast, and the reference
// for every escape: unicode, lone surrogates, control characters, -0, large numbers), and large
// containers are walked member by member. Hand-written because the streaming JSON libraries on npm
// neither reproduce JSON.stringify's indentation exactly nor reorder keys on the way.

/** How a value's keys are ordered, at each depth. A value without a shape keeps its own order. */
export type JsonShape =
  /**
   * A record: these keys first, in this order (absent ones skipped), then any others as they came.
   * `small`: it is always a few dozen nodes (a metric set), stringified at once without counting them.
   */
  | { readonly keys: readonly string[]; readonly children?: Readonly<Record<string, JsonShape>>; readonly small?: true }
  /** An array whose every element has this shape. */
  | { readonly each: JsonShape }
  /** A map (services by name): its keys as they came, every value with this shape. */
  | { readonly values: JsonShape };

/** A subtree of at most this many nodes is stringified in one native call. */
const SMALL_NODES = 256;

type Json = Record<string, unknown>;

function childShape(shape: JsonShape | undefined, key: string): JsonShape | undefined {
  if (shape === undefined) return undefined;
  if ("each" in shape) return shape.each;
  if ("values" in shape) return shape.values;
  return shape.children?.[key];
}

/** The keys in the order an object built as "listed keys first, then the rest" would have (integer-like keys lead, as in any object). */
function orderedKeys(source: object, shape: JsonShape | undefined): string[] {
  if (shape === undefined || !("keys" in shape)) return Object.keys(source);
  const order: Record<string, true> = {};
  for (const key of shape.keys) if (Object.hasOwn(source, key)) order[key] = true;
  for (const key of Object.keys(source)) order[key] = true;
  return Object.keys(order);
}

/**
 * A small value with its keys in the shape's order, for one native JSON.stringify: the value itself
 * when they already are (as the report's own objects are: a summary has 27,000 metric sets, and a
 * copy of each was most of the JSON's time), else a copy.
 */
function ordered(value: unknown, shape: JsonShape | undefined): unknown {
  if (shape === undefined || value === null || typeof value !== "object" || hasToJson(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const put = ordered(item, childShape(shape, ""));
      if (put !== item) copy ??= value.slice(0, index);
      copy?.push(put);
    }
    return copy ?? value;
  }
  const source = value as Json;
  const own = Object.keys(source);
  if (inShapeOrder(source, own, shape)) {
    let copy: Json | undefined;
    for (let index = 0; index < own.length; index++) {
      const key = own[index]!;
      const item = source[key];
      const put = ordered(item, childShape(shape, key));
      if (put !== item && copy === undefined) {
        copy = {};
        for (let before = 0; before < index; before++) copy[own[before]!] = source[own[before]!];
      }
      if (copy) copy[key] = put;
    }
    return copy ?? source;
  }
  const result: Json = {};
  for (const key of orderedKeys(source, shape)) result[key] = ordered(source[key], childShape(shape, key));
  return result;
}

/** Whether an object's own keys are already in the order orderedKeys would give (no integer-like key, whose place differs). */
function inShapeOrder(source: object, own: readonly string[], shape: JsonShape): boolean {
  if (!("keys" in shape)) return true;
  for (const key of own) if (startsWithDigit(key) && INTEGER_LIKE.test(key)) return false;
  let next = 0;
  for (const key of shape.keys) {
    if (next < own.length && own[next] === key) next++;
    else if (Object.hasOwn(source, key)) return false;
  }
  return true;
}

const INTEGER_LIKE = /^(0|[1-9][0-9]*)$/;

// A regular expression per key of 27,000 metric sets was about 20 ms of the JSON's 250; keys rarely start with a digit.
function startsWithDigit(key: string): boolean {
  const code = key.charCodeAt(0);
  return code >= 48 && code <= 57;
}

function hasToJson(value: object): value is { toJSON(key: string): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** Nodes left of `budget` after counting `value`'s; negative once over (the walk stops there). */
function remainingBudget(value: unknown, budget: number): number {
  let left = budget - 1;
  if (value === null || typeof value !== "object") return left;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    left = remainingBudget((value as Json)[key], left);
    if (left < 0) return left;
  }
  return left;
}

/**
 * The JSON text of `value` as pieces, for a value sitting `depth` levels deep in a document
 * indented by two spaces. Joined, the pieces equal JSON.stringify(ordered(value), null, 2) with
 * every line after the first indented by 2 × depth spaces.
 */
export function* jsonPieces(value: unknown, shape?: JsonShape, depth = 0, key = ""): Generator<string, void, undefined> {
  if (value !== null && typeof value === "object" && hasToJson(value)) value = value.toJSON(key);
  if (value === null || typeof value !== "object") {
    // A primitive's JSON is one line (no indentation to add).
    yield JSON.stringify(value);
    return;
  }
  if ((shape !== undefined && "small" in shape) || remainingBudget(value, SMALL_NODES) >= 0) {
    yield stringifiedAtDepth(ordered(value, shape), depth);
    return;
  }
  const indent = "  ".repeat(depth);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    // Large, so never empty.
    for (let index = 0; index < value.length; index++) {
      yield `${index === 0 ? "[" : ","}\n${inner}`;
      const item: unknown = value[index];
      if (isSkipped(item)) yield "null";
      else yield* jsonPieces(item, childShape(shape, String(index)), depth + 1, String(index));
    }
    yield `\n${indent}]`;
    return;
  }
  const source = value as Json;
  let first = true;
  for (const member of orderedKeys(source, shape)) {
    const item = source[member];
    if (isSkipped(item)) continue;
    yield `${first ? "{" : ","}\n${inner}${JSON.stringify(member)}: `;
    first = false;
    yield* jsonPieces(item, childShape(shape, member), depth + 1, member);
  }
  yield first ? "{}" : `\n${indent}}`;
}

/**
 * JSON.stringify(value, null, 2) with every line after the first indented by 2 × depth more
 * spaces: the value stringified inside `depth` nested arrays, which indent it just so, and cut out
 * of them (a slice, not a copy). Replacing every newline of 33 MB of metric sets was a quarter of
 * the JSON's time.
 */
function stringifiedAtDepth(value: unknown, depth: number): string {
  if (depth === 0) return JSON.stringify(value, null, 2);
  let nested: unknown = value;
  for (let level = 0; level < depth; level++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  // Level l opens with "[\n" and 2(l + 1) spaces and closes with "\n", 2l spaces and "]".
  return text.slice(depth * depth + 3 * depth, text.length - (depth * depth + depth));
}
