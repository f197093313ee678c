// Secrets must never reach output, logs or errors: URLs lose credentials and token-like query
// parameters, and any known secret value is masked wherever it appears.
// In util/ because config, sources, otlp, the emulator and cli all redact. A Redactor is a value,
// made where credentials are read and handed down with them: two runs in one process each mask
// their own tokens, and nothing is remembered between them.

const SECRET_QUERY_KEYS = /^(access_token|token|api_key|apikey|key|secret|password|sig|signature|auth)$/i;

/** Removes user:password and token-like query parameters from a URL string (needs no secret: pure). */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_KEYS.test(key)) parsed.searchParams.set(key, "REDACTED");
  }
  return parsed.toString();
}

/** `scheme://user:password@` inside any text (an error message quoting a URL). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/** Masks the secrets it was given (and credentials written into URLs) in texts and URLs. */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Adds a secret value (a token, "Bearer …" or bare) to mask from now on; returns this redactor. */
  secret(value: string | undefined): this {
    if (!value) return this;
    const bare = value.replace(/^(Bearer\s+|Token\s+token=)/i, "").trim(); // Authorization schemes: Bearer, PagerDuty's Token token=
    if (bare.length >= 4) this.#secrets.add(bare);
    return this;
  }

  /** The text with every secret of this redactor, and credentials written into URLs, masked. */
  text(text: string): string {
    let out = text.replace(URL_CREDENTIALS, "$1");
    for (const secret of this.#secrets) out = out.split(secret).join("***");
    return out;
  }

  /** A URL fit to show: no user:password, token-like query parameters and known secrets masked. */
  url(url: string): string {
    return this.text(redactUrl(url));
  }
}

/** A redactor that knows the given secrets. */
export function redactorOf(...secrets: (string | undefined)[]): Redactor {
  const redactor = new Redactor();
  for (const value of secrets) redactor.secret(value);
  return redactor;
}
