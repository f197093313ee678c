// Secrets must never reach output, logs or errors: URLs lose credentials and token-like query
// parameters, and any known secret value is masked wherever it appears.
// In util/ because config, sources, otlp, the emulator and cli all redact (config no longer imports sources/).

const SECRET_QUERY_KEYS = /^(access_token|token|api_key|apikey|key|secret|password|sig|signature|auth)$/i;

/** Removes user:password and token-like query parameters from a URL string. */
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

const registeredSecrets = new Set<string>();

/** Registers a secret value (a token) so redactSecrets masks it everywhere. */
export function registerSecret(value: string | undefined): void {
  if (!value) return;
  const bare = value.replace(/^Bearer\s+/i, "").trim();
  if (bare.length >= 4) registeredSecrets.add(bare);
}

/** `scheme://user:password@` inside any text (an error message quoting a URL). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/** Masks every registered secret, and credentials written into URLs, in a text. */
export function redactSecrets(text: string): string {
  let out = text.replace(URL_CREDENTIALS, "$1");
  for (const secret of registeredSecrets) out = out.split(secret).join("***");
  return out;
}
