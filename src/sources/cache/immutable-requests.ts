// Only responses that can never change are cached: an archived workflow by uid (the archive is
// written once a run completed) and GitHub objects addressed by full commit SHAs. List pages and
// incidents are always fetched again: new runs arrive and open incidents get resolved.

const SHA = "[0-9a-f]{40}";
const IMMUTABLE_PATHS = [
  /\/api\/v1\/archived-workflows\/[0-9a-f-]{8,}$/,
  new RegExp(`/repos/[^/]+/[^/]+/compare/${SHA}\\.\\.\\.${SHA}$`),
  new RegExp(`/repos/[^/]+/[^/]+/commits/${SHA}$`),
  new RegExp(`/repos/[^/]+/[^/]+/commits/${SHA}/pulls$`),
];

/** Whether a GET of this URL returns the same answer forever. */
export function isImmutableRequest(method: string, url: URL): boolean {
  if (method.toUpperCase() !== "GET") return false;
  return IMMUTABLE_PATHS.some((pattern) => pattern.test(url.pathname));
}
