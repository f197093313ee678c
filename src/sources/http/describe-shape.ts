/** What an answer that is not the expected shape looks like, for a message: its type, or its keys. */
export function describeShape(value: unknown): string {
  if (value === null) return "got null";
  if (Array.isArray(value)) return "got an array";
  if (typeof value !== "object") return `got a ${typeof value}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return "got {}";
  const listed = keys.slice(0, 6).map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)).join(", ");
  return `got an object with ${listed}${keys.length > 6 ? ", …" : ""}`;
}
