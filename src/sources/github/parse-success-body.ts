// Octokit parses every JSON body with a BigInt-safe parser (json-with-bigint) that is ~9-14× slower
// than JSON.parse on compare bodies (issue 18). GitHub's numbers fit in doubles, so Octokit is asked
// for the raw body of a success (`parseSuccessResponseBody: false`) and it is parsed here, once:
// the transport's one buffered chunk is decoded to one string and handed to JSON.parse. Error
// bodies (small) stay with Octokit, which builds its RequestError from them.

const JSON_TYPES = new Set(["application/json", "application/scim+json"]);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks.push(read.value);
    length += read.value.byteLength;
  }
  // The resilient transport hands over its buffered body as a single chunk: no copy then.
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

/** What Octokit would have put in `response.data`, with JSON parsed by JSON.parse. */
export async function parseSuccessBody(data: unknown, contentType: string | undefined): Promise<unknown> {
  if (!(data instanceof ReadableStream)) return data;
  const bytes = await readAll(data as ReadableStream<Uint8Array>);
  const [type = "", ...parameters] = (contentType ?? "").toLowerCase().split(";").map((part) => part.trim());
  const utf8 = parameters.includes("charset=utf-8");
  if (contentType !== undefined && !JSON_TYPES.has(type) && !type.startsWith("text/") && !(utf8 && type !== "application/octet-stream")) {
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  const text = new TextDecoder().decode(bytes);
  if (!JSON_TYPES.has(type)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Octokit's behaviour: a body that does not parse is handed over as its text (jsonData names it).
    return text;
  }
}
