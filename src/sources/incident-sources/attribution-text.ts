// Explicit attribution written as text (an issue body, a PagerDuty note): `deployment: NAME`,
// `commit: SHA`, and Four Keys' `root cause: SHA` (a commit). The first line of each kind wins.
// Pure: no I/O.

export interface TextAttribution {
  deployment?: string;
  commit?: string;
}

const LINE_RE = /^[\s>*-]*(deployment|commit|root[ _-]?cause)\s*:\s*`?([^\s`]+)`?/gim;
const SHA_RE = /^[0-9a-f]{7,40}$/i;

export function attributionFromText(text: string | undefined): TextAttribution {
  const found: TextAttribution = {};
  if (!text) return found;
  for (const match of text.matchAll(LINE_RE)) {
    const kind = match[1]!.toLowerCase();
    const value = match[2]!;
    if (kind === "deployment") found.deployment ??= value;
    // A commit is a SHA (prefix of ≥ 7 hex digits): "root cause: the new cache" is prose, not a commit.
    else if (SHA_RE.test(value)) found.commit ??= value.toLowerCase();
  }
  return found;
}

/** Labels of an incident with its explicit attribution added (labels it already carries win). */
export function withAttributionLabels<T extends Record<string, string | readonly string[]>>(labels: T, attribution: TextAttribution): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = { ...labels };
  if (attribution.deployment !== undefined && out.deployment === undefined) out.deployment = attribution.deployment;
  if (attribution.commit !== undefined && out.commit === undefined) out.commit = attribution.commit;
  return out;
}
