// Guards for reading untyped API JSON: one definition for every normalizer, client and emulator.

export type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The object itself, or an empty one, so optional nesting reads without checks at each level. */
export const record = (value: unknown): Json => (isRecord(value) ? value : {});
