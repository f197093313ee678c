// The executable entry (bin/dora.js imports it): everything else is importable without side effects.
import { processIo } from "./io.js";
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2), processIo());
