import { homedir } from "node:os";
import { join } from "node:path";

/** Default cache location: $XDG_CACHE_HOME/dora, else ~/.cache/dora. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME?.trim() || join(homedir(), ".cache");
  return join(base, "dora");
}
