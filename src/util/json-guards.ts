// Guards for reading untyped API JSON: one definition for every normalizer, client and emulator.

export type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** The object itself, or an empty one, so optional nesting reads without checks at each level. */
export const record = (value: unknown): Json => (isRecord(value) ? value : {});

/** A non-empty string as it is, else undefined (identifiers, names, instants). */
export const nonEmptyText = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** A string with more than whitespace, trimmed, else undefined (titles, labels people type). */
export const trimmedText = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);
