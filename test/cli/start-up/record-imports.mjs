// A module resolve hook (module.register) that appends every bare package specifier resolved to the
// file named by DORA_IMPORT_LOG: what a command line loads, without timing anything.
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, next) {
  if (process.env.DORA_IMPORT_LOG && !/^(node:|\.|\/|file:|data:)/.test(specifier)) appendFileSync(process.env.DORA_IMPORT_LOG, `${specifier}\n`);
  return next(specifier, context);
}
